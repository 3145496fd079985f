using System.Net.Sockets;
using StickyActors.Configuration;
using StickyActors.Interop;

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

    private const int SO_TYPE = 3;
    private const int SO_ACCEPTCONN = 30;
    private const int SO_RCVTIMEO = 20;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int O_NONBLOCK = 0x800;

    /// <summary>How long a blocked accept(2) on a shared socket sleeps before it looks whether to stop.</summary>
    internal static readonly TimeSpan AcceptWakeInterval = TimeSpan.FromMilliseconds(200);

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

        var flags = Libc.Fcntl(FirstDescriptor, Libc.F_GETFD, 0);
        if (flags < 0 || Libc.Fcntl(FirstDescriptor, Libc.F_SETFD, flags | Libc.FD_CLOEXEC) < 0)
        {
            throw new IOException($"LISTEN_FDS names descriptor {FirstDescriptor}, but it is not open.");
        }

        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle(FirstDescriptor, ownsHandle: true));
        }
        catch (SocketException e)
        {
            throw new IOException($"LISTEN_FDS names descriptor {FirstDescriptor}, but it is not a socket.", e);
        }

        try
        {
            Check(socket, settings);
            ShareWith(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void Check(Socket socket, ListenSettings settings)
    {
        if (IntOption(socket, SO_TYPE) != (int)SocketType.Stream)
        {
            throw new IOException("The socket systemd passed is not a stream socket: use ListenStream= in the .socket unit.");
        }

        if (socket.AddressFamily != settings.Address.AddressFamily)
        {
            throw new IOException($"The socket systemd passed is {socket.AddressFamily}, but sticky-actors.listen.address ({settings.Address}) is {settings.Address.AddressFamily}: make them agree.");
        }

        if (IntOption(socket, SO_ACCEPTCONN) == 0)
        {
            throw new IOException("The socket systemd passed is not listening: use ListenStream= (and Accept=no) in the .socket unit.");
        }
    }

    /// <summary>
    /// A shared socket must never be shut down to wake the accept threads (that would stop it
    /// listening for systemd and the next master too); instead accept(2) blocks (whatever mode the
    /// passer left it in) and wakes up now and then (<c>SO_RCVTIMEO</c>) to see whether it should stop.
    /// </summary>
    private static void ShareWith(Socket socket)
    {
        var status = Libc.Fcntl(FirstDescriptor, F_GETFL, 0);
        if (status >= 0 && (status & O_NONBLOCK) != 0)
        {
            _ = Libc.Fcntl(FirstDescriptor, F_SETFL, status & ~O_NONBLOCK);
        }

        Span<byte> timeval = stackalloc byte[16];
        BitConverter.TryWriteBytes(timeval, 0L);
        BitConverter.TryWriteBytes(timeval[8..], (long)AcceptWakeInterval.TotalMicroseconds);
        socket.SetRawSocketOption(Libc.SOL_SOCKET, SO_RCVTIMEO, timeval);
    }

    private static int IntOption(Socket socket, int name)
    {
        Span<byte> value = stackalloc byte[4];
        _ = socket.GetRawSocketOption(Libc.SOL_SOCKET, name, value);
        return BitConverter.ToInt32(value);
    }
}
