using System.Net.Sockets;
using StickyActors.Configuration;
using StickyActors.Interop;

namespace StickyActors.Listening;

/// <summary>
/// A listening socket that other processes hold too (systemd's socket unit, the previous or next
/// master): adopted from an inherited descriptor, checked, and never shut down to stop accepting.
/// </summary>
internal static class SharedListener
{
    private const int SO_TYPE = 3;
    private const int SO_ACCEPTCONN = 30;
    private const int SO_RCVTIMEO = 20;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int O_NONBLOCK = 0x800;

    /// <summary>How long a blocked accept(2) sleeps before it looks whether to stop.</summary>
    internal static readonly TimeSpan AcceptWakeInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The listening socket at <paramref name="fd"/>, checked (a listening stream socket of the
    /// configured family), close-on-exec and blocking; <paramref name="origin"/> names who passed it.
    /// </summary>
    public static Socket Adopt(int fd, ListenSettings settings, string origin)
    {
        var socket = AdoptAsIs(fd, settings, origin);
        try
        {
            // accept(2) blocks whatever mode the passer left the socket in.
            var status = Libc.Fcntl(fd, F_GETFL, 0);
            if (status >= 0 && (status & O_NONBLOCK) != 0)
            {
                _ = Libc.Fcntl(fd, F_SETFL, status & ~O_NONBLOCK);
            }

            WakeAcceptsEvery(socket);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// As <see cref="Adopt"/>, but the socket's file status (blocking or not) is left as it is: other
    /// processes that accept from it (a kernel-steered slot's workers) depend on it.
    /// </summary>
    public static Socket AdoptAsIs(int fd, ListenSettings settings, string origin)
    {
        var flags = Libc.Fcntl(fd, Libc.F_GETFD, 0);
        if (flags < 0 || Libc.Fcntl(fd, Libc.F_SETFD, flags | Libc.FD_CLOEXEC) < 0)
        {
            throw new IOException($"{origin} names descriptor {fd}, but it is not open.");
        }

        Socket socket;
        try
        {
            socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        }
        catch (SocketException e)
        {
            throw new IOException($"{origin} names descriptor {fd}, but it is not a socket.", e);
        }

        try
        {
            Check(socket, settings, origin);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A blocked accept(2) returns EAGAIN every <see cref="AcceptWakeInterval"/> (<c>SO_RCVTIMEO</c>),
    /// so the accept threads notice a stop without the socket being shut down: a socket another
    /// process holds must go on listening for it.
    /// </summary>
    public static void WakeAcceptsEvery(Socket socket)
    {
        Span<byte> timeval = stackalloc byte[16];
        BitConverter.TryWriteBytes(timeval, 0L);
        BitConverter.TryWriteBytes(timeval[8..], (long)AcceptWakeInterval.TotalMicroseconds);
        socket.SetRawSocketOption(Libc.SOL_SOCKET, SO_RCVTIMEO, timeval);
    }

    private static void Check(Socket socket, ListenSettings settings, string origin)
    {
        if (IntOption(socket, SO_TYPE) != (int)SocketType.Stream)
        {
            throw new IOException($"The socket passed by {origin} is not a stream socket (with systemd: use ListenStream= in the .socket unit).");
        }

        if (socket.AddressFamily != settings.Address.AddressFamily)
        {
            throw new IOException($"The socket passed by {origin} is {socket.AddressFamily}, but sticky-actors.listen.address ({settings.Address}) is {settings.Address.AddressFamily}: make them agree.");
        }

        if (IntOption(socket, SO_ACCEPTCONN) == 0)
        {
            throw new IOException($"The socket passed by {origin} is not listening (with systemd: ListenStream= and Accept=no in the .socket unit).");
        }
    }

    private static int IntOption(Socket socket, int name)
    {
        Span<byte> value = stackalloc byte[4];
        _ = socket.GetRawSocketOption(Libc.SOL_SOCKET, name, value);
        return BitConverter.ToInt32(value);
    }
}
