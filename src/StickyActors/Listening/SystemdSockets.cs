using System.Net.Sockets;
using StickyActors.Configuration;

namespace StickyActors.Listening;

/// <summary>
/// systemd socket activation (<c>sd_listen_fds(3)</c>): when <c>LISTEN_PID</c> names this process,
/// the listening socket is descriptor 3, bound by systemd (or any launcher that follows the
/// protocol), and the master takes it instead of binding. The variables are cleared either way, so
/// no worker (or other child) ever mistakes them for its own.
/// </summary>
internal static class SystemdSockets
{
    /// <summary>The first descriptor passed (<c>SD_LISTEN_FDS_START</c>).</summary>
    internal const int FirstDescriptor = 3;

    /// <summary>
    /// The socket passed by systemd, checked (a listening stream socket of the configured family) and
    /// close-on-exec; null when this process was not socket-activated.
    /// </summary>
    public static Socket? TakeListener(ListenSettings settings)
    {
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        var count = Environment.GetEnvironmentVariable("LISTEN_FDS");
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        if (pid is null || count is null || !int.TryParse(pid, out var listenPid) || listenPid != Environment.ProcessId)
        {
            return null;
        }

        if (!int.TryParse(count, out var descriptors) || descriptors != 1)
        {
            throw new IOException($"systemd passed {count} sockets (LISTEN_FDS); StickyActors listens on exactly one: give the .socket unit one ListenStream= line.");
        }

        return SharedListener.Adopt(FirstDescriptor, settings, "systemd (LISTEN_FDS)");
    }
}
