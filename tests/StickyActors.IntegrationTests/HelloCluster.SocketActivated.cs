using System.Globalization;
using System.Net.Sockets;
using StickyActors.Interop;

namespace StickyActors.IntegrationTests;

/// <summary>The Hello sample started the way systemd starts a socket-activated service.</summary>
internal sealed partial class HelloCluster
{
    private static readonly Lock s_inheritLock = new();

    /// <summary>
    /// Launches the sample with <paramref name="listener"/> as its descriptor 3 and
    /// <c>LISTEN_FDS=1</c>, <c>LISTEN_PID</c> = its own pid (bash moves the descriptor, then execs
    /// dotnet in the same process), plus <paramref name="environment"/> and <paramref name="hocon"/>
    /// on top of the defaults. Does not wait.
    /// </summary>
    public static HelloCluster LaunchSocketActivated(Socket listener, int workers, IReadOnlyDictionary<string, string> environment, string? hocon = null)
    {
        var fd = (int)listener.SafeHandle.DangerousGetHandle();
        var move = fd == 3 ? string.Empty : $"exec 3<&{fd} {fd}<&-; ";
        List<string> command =
        [
            "-c", move + "export LISTEN_PID=$$ LISTEN_FDS=1; exec dotnet \"$@\"", "bash",
            RepoPaths.SampleDll("Hello"), "--address", "127.0.0.1", "--port", "0", "--workers", workers.ToString(CultureInfo.InvariantCulture),
        ];
        string? configFile = null;
        if (hocon is not null)
        {
            configFile = Path.Combine(Path.GetTempPath(), $"sticky-test-{Guid.NewGuid():N}.conf");
            File.WriteAllText(configFile, hocon);
            command.AddRange(["--config", configFile]);
        }

        // .NET opens every descriptor close-on-exec: open this one to the child for the moment of
        // the start only (the test classes run one at a time, so no other child sees it).
        lock (s_inheritLock)
        {
            SetCloseOnExec(fd, false);
            try
            {
                return new HelloCluster(ChildProcess.Start("hello master (socket-activated)", "/bin/bash", command, environment), configFile);
            }
            finally
            {
                SetCloseOnExec(fd, true);
            }
        }
    }

    /// <summary>Waits until the launched master accepts and every worker runs; records the port.</summary>
    public async Task WaitUntilServingAsync(int workers)
    {
        var listening = await Output.WaitForAsync(ListeningLine(), s_startTimeout);
        Port = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
        await WaitForStatusAsync(s => s.Workers.Count(w => w.State == "Running") == workers, s_startTimeout);
    }

    private static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        var flags = Libc.Fcntl(fd, Libc.F_GETFD, 0);
        Assert.True(flags >= 0, $"fcntl(F_GETFD) on {fd} failed");
        _ = Libc.Fcntl(fd, Libc.F_SETFD, closeOnExec ? flags | Libc.FD_CLOEXEC : flags & ~Libc.FD_CLOEXEC);
    }
}
