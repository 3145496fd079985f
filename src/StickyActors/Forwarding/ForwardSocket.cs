using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>The socket options and addresses the forwarding threads set on raw descriptors.</summary>
internal static unsafe class ForwardSocket
{
    public const int SockAddrLength = 28;

    public static bool SetNonBlocking(int fd, bool nonBlocking)
    {
        var flags = Libc.Fcntl(fd, Libc.F_GETFL, 0);
        if (flags < 0)
        {
            return false;
        }

        var wanted = nonBlocking ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK;
        return wanted == flags || Libc.Fcntl(fd, Libc.F_SETFL, wanted) == 0;
    }

    public static void SetNoDelay(int fd) => SetInt(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1);

    public static void SetKeepAlive(int fd) => SetInt(fd, Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1);

    /// <summary>Connects from <paramref name="source"/> (this host's member address), the port picked at connect(2).</summary>
    public static bool BindSource(int fd, IPAddress source)
    {
        if (source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            SetInt(fd, Libc.IPPROTO_IP, Libc.IP_BIND_ADDRESS_NO_PORT, 1);
        }

        var sockaddr = stackalloc byte[SockAddrLength];
        var length = WriteSockAddr(new IPEndPoint(source, 0), new Span<byte>(sockaddr, SockAddrLength));
        return Libc.Bind(fd, sockaddr, length) == 0;
    }

    /// <summary>SO_LINGER {1, 0}: the next close(2) sends a RST instead of a FIN.</summary>
    public static void SetResetOnClose(int fd)
    {
        var linger = new Libc.Linger { OnOff = 1, Seconds = 0 };
        Libc.SetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_LINGER, &linger, sizeof(Libc.Linger));
    }

    /// <summary>SO_ERROR: the outcome of a non-blocking connect(2); 0 when it succeeded.</summary>
    public static int PendingError(int fd)
    {
        var error = 0;
        var length = sizeof(int);
        return Libc.GetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length) == 0 ? error : Marshal.GetLastPInvokeError();
    }

    /// <summary>Writes a Linux <c>sockaddr_in</c> or <c>sockaddr_in6</c> and returns its length.</summary>
    public static int WriteSockAddr(IPEndPoint endPoint, Span<byte> sockaddr)
    {
        sockaddr[..SockAddrLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], (ushort)endPoint.Port);
        if (endPoint.AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, Libc.AF_INET);
            endPoint.Address.TryWriteBytes(sockaddr[4..8], out _);
            return 16;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, Libc.AF_INET6);
        endPoint.Address.TryWriteBytes(sockaddr[8..24], out _);
        BinaryPrimitives.WriteUInt32LittleEndian(sockaddr[24..], (uint)endPoint.Address.ScopeId);
        return SockAddrLength;
    }

    private static void SetInt(int fd, int level, int name, int value) => Libc.SetSockOpt(fd, level, name, &value, sizeof(int));
}
