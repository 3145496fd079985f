using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// systemd socket activation without systemd: the test holds the listening socket (as systemd's
/// .socket unit does) and the notify socket, and starts the master as systemd would.
/// </summary>
public sealed partial class SystemdSocketTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    // Connections made before the workers registered wait for them (the no-worker queue) as long
    // as the workers may take to start on a loaded machine.
    private const string PatientQueue = "sticky-actors.handoff.no-worker-timeout = 60s";

    [Fact]
    public async Task SocketActivatedMaster_RestartedOnTheHeldSocket_ServesEveryConnectionAndNotifiesAfterRegistration()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(512);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var inode = SocketInode($"/proc/self/fd/{(int)listener.SafeHandle.DangerousGetHandle()}");
        using var notify = new SystemdNotifyListener();

        // A client that connects before any master runs waits in the socket's queue, as under systemd.
        var beforeStart = HttpProbe.GetAsync(IPAddress.Parse("127.0.9.1"), port, s_timeout);
        var first = HelloCluster.LaunchSocketActivated(listener, workers: 2, notify.Environment, PatientQueue);
        int[] firstWorkers;
        try
        {
            var ready = await notify.WaitForAsync("READY=1", s_timeout);
            await first.WaitUntilServingAsync(workers: 2);
            Assert.Equal(port, first.Port);
            Assert.Contains($"MAINPID={first.MasterPid}", ready.Split('\n'));

            // READY=1 names the workers that had registered when it was sent: both, alive, the master's.
            var readyPids = WorkerPids(ready);
            Assert.Equal(2, readyPids.Distinct().Count());
            Assert.All(readyPids, pid => Assert.Contains(pid, first.ChildPids()));
            firstWorkers = (await first.StatusAsync()).Workers.Select(w => w.Pid).ToArray();
            Assert.Equal(readyPids.Order(), firstWorkers.Order());

            Assert.Equal(200, (await beforeStart).Status);
            Assert.Equal(200, (await HttpProbe.GetAsync(IPAddress.Parse("127.0.9.2"), port, s_timeout)).Status);

            // The variables and the socket stay with the master: no worker sees or holds them.
            foreach (var worker in firstWorkers)
            {
                var environment = File.ReadAllText($"/proc/{worker}/environ").Split('\0');
                Assert.DoesNotContain(environment, v => v.StartsWith("LISTEN_", StringComparison.Ordinal) || v.StartsWith("NOTIFY_SOCKET=", StringComparison.Ordinal));
                Assert.DoesNotContain(inode, Directory.EnumerateFiles($"/proc/{worker}/fd").Select(SocketInode));
            }

            Signals.Kill(first.MasterPid, Signals.SIGTERM);
            await notify.WaitForAsync("STOPPING=1", s_timeout);
            await first.Process.WaitForExitAsync().WaitAsync(s_timeout);
            Assert.Equal(0, first.Process.ExitCode);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Between two masters the socket still listens (it was not shut down): a client connects
        // and waits, then the next master serves it ("systemctl restart" refuses no connection).
        var betweenMasters = HttpProbe.GetAsync(IPAddress.Parse("127.0.9.3"), port, s_timeout);
        await using var second = HelloCluster.LaunchSocketActivated(listener, workers: 2, notify.Environment, PatientQueue);
        await notify.WaitForAsync("READY=1", s_timeout);
        await second.WaitUntilServingAsync(workers: 2);
        var answer = await betweenMasters;
        Assert.Equal(200, answer.Status);
        Assert.DoesNotContain(answer.Pid, firstWorkers);
        Assert.Contains(answer.Pid, (await second.StatusAsync()).Workers.Select(w => w.Pid));
    }

    [Fact]
    public async Task SocketActivatedMaster_PassedSocketNotListening_ExitsTwoNamingTheProblem()
    {
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var notify = new SystemdNotifyListener();

        await using var master = HelloCluster.LaunchSocketActivated(bound, workers: 1, notify.Environment);
        await master.Process.WaitForExitAsync().WaitAsync(s_timeout);

        Assert.Equal(2, master.Process.ExitCode);
        Assert.True(master.Output.Contains("is not listening"), master.Output.ToString());
        Assert.Empty(master.SeenWorkers);
    }

    private static int[] WorkerPids(string state) =>
        WorkerPidsText().Match(state) is { Success: true } match
            ? match.Groups[1].Value.Split(' ').Select(int.Parse).ToArray()
            : throw new InvalidOperationException($"no worker pids in '{state}'");

    private static string SocketInode(string fdLink)
    {
        try
        {
            return new FileInfo(fdLink).LinkTarget ?? string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex(@"worker pids ([\d ]+)")]
    private static partial Regex WorkerPidsText();
}
