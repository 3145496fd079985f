using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// The old master's side of a handover: starts the executable as it is on disk now, with this
/// process's arguments, handing it the listening socket (or every kernel-steering slot socket) and one end of a private socket pair as
/// inherited descriptors (nothing on disk), and waits for its word that its workers registered.
/// </summary>
internal static class MasterHandover
{
    /// <summary>The new master's word on the socket pair: its workers registered, it accepts.</summary>
    internal static ReadOnlySpan<byte> ReadyWord => "ready"u8;

    /// <summary>
    /// Starts the new master and waits up to <paramref name="timeout"/> for it to be ready. On
    /// failure (it exited, or the time passed: then it is killed) returns false and the detail.
    /// </summary>
    public static async Task<(bool Ready, int Pid, string Detail)> RunAsync(IReadOnlyList<Socket> listeners, bool slotGroup, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, Action<int>? started = null)
    {
        var (mine, theirs) = UnixSocketPair.Create();
        using var channel = new Socket(new SafeSocketHandle(mine, ownsHandle: true));
        var listenerFds = listeners.Select(listener => (int)listener.SafeHandle.DangerousGetHandle()).ToArray();

        // These descriptors are inheritable only while this child is started, on the thread that
        // starts every child, so no worker inherits them.
        var process = LauncherThread.Run(() =>
        {
            UnixSocketPair.Inheritable(theirs, true);
            foreach (var fd in listenerFds)
            {
                UnixSocketPair.Inheritable(fd, true);
            }

            try
            {
                return Process.Start(StartInfo(new HandoverEnvironment(listenerFds, slotGroup, theirs, Environment.ProcessId), environment))
                    ?? throw new InvalidOperationException("The new master did not start.");
            }
            finally
            {
                foreach (var fd in listenerFds)
                {
                    UnixSocketPair.Inheritable(fd, false);
                }

                Libc.Close(theirs);
            }
        });

        started?.Invoke(process.Id);
        using (process)
        {
            var buffer = new byte[16];
            using var deadline = new CancellationTokenSource(timeout);
            try
            {
                var read = await channel.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (buffer.AsSpan(0, read).SequenceEqual(ReadyWord))
                {
                    return (true, process.Id, "ready");
                }

                return (false, process.Id, read == 0 ? "the new master exited before it was ready" : "the new master sent something unexpected");
            }
            catch (OperationCanceledException)
            {
                TryKill(process);
                return (false, process.Id, string.Create(CultureInfo.InvariantCulture, $"the new master was not ready within {timeout.TotalSeconds:0} s; killed it"));
            }
            catch (SocketException e)
            {
                TryKill(process);
                return (false, process.Id, "the channel to the new master failed: " + e.Message);
            }
        }
    }

    private static ProcessStartInfo StartInfo(HandoverEnvironment handover, IReadOnlyDictionary<string, string> environment)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable to start as the new master.");
        var info = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry
                ? entry
                : throw new InvalidOperationException("Running under 'dotnet' without an entry assembly: cannot start the new master."));
        }

        foreach (var argument in Environment.GetCommandLineArgs().Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        info.Environment[HandoverEnvironment.Variable] = handover.Value;
        return info;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
