using System.Diagnostics;
using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using EpollEvent = StickyActors.Interop.EpollEvent;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// Holds many idle (connected, silent) connections to a server, opened from many source addresses
/// with a bounded number connecting at once. Dispose closes every one of them.
/// </summary>
internal sealed unsafe class IdleConnectionPool(SourceAddresses sources, int port) : IDisposable
{
    private const int MaxConnecting = 256;

    private readonly List<int> _open = [];
    private int _nextSource;

    public int Count => _open.Count;

    public int Failed { get; private set; }

    /// <summary>Opens connections until <see cref="Count"/> reaches <paramref name="total"/> or time runs out.</summary>
    public void GrowTo(int total, TimeSpan timeout)
    {
        var target = stackalloc byte[SockAddr.Size];
        SockAddr.WriteV4(new Span<byte>(target, SockAddr.Size), SockAddr.Loopback, (ushort)port);
        var events = stackalloc byte[64 * 16];
        var epoll = Libc.EpollCreate1(Libc.EPOLL_CLOEXEC);
        var connecting = new HashSet<int>();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var wait = stackalloc long[] { 0, 20_000_000 };
        var entry = stackalloc byte[16];
        try
        {
            while (_open.Count < total && Stopwatch.GetTimestamp() < deadline)
            {
                while (connecting.Count < MaxConnecting && _open.Count + connecting.Count < total)
                {
                    var fd = Libc.Socket(Libc.AF_INET, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
                    if (fd < 0)
                    {
                        throw new InvalidOperationException($"socket failed at {_open.Count} open: errno {Marshal.GetLastPInvokeError()} (raise ulimit -n)");
                    }

                    var one = 1;
                    Libc.SetSockOpt(fd, Libc.IPPROTO_IP, Libc.IP_BIND_ADDRESS_NO_PORT, &one, sizeof(int));
                    EpollEvent.Write(entry, Libc.EPOLLOUT | Libc.EPOLLET, (ulong)fd);
                    if (Libc.Bind(fd, sources.Pointer(_nextSource++), SockAddr.Size) != 0
                        || (Libc.Connect(fd, target, SockAddr.Size) != 0 && Marshal.GetLastPInvokeError() != Libc.EINPROGRESS)
                        || Libc.EpollCtl(epoll, Libc.EPOLL_CTL_ADD, fd, entry) != 0)
                    {
                        Libc.Close(fd);
                        Failed++;
                        continue;
                    }

                    connecting.Add(fd);
                }

                var ready = Libc.EpollPWait2(epoll, events, 64, wait, 0);
                for (var i = 0; i < ready; i++)
                {
                    var fd = (int)EpollEvent.Data(events + (i * EpollEvent.Size));
                    int error = 0, length = sizeof(int);
                    Libc.GetSockOpt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length);
                    Libc.EpollCtl(epoll, Libc.EPOLL_CTL_DEL, fd, null);
                    connecting.Remove(fd);
                    if (error == 0)
                    {
                        _open.Add(fd);
                    }
                    else
                    {
                        Libc.Close(fd);
                        Failed++;
                    }
                }
            }
        }
        finally
        {
            foreach (var fd in connecting)
            {
                Libc.Close(fd);
            }

            Libc.Close(epoll);
        }
    }

    public void Dispose()
    {
        foreach (var fd in _open)
        {
            Libc.Close(fd);
        }

        _open.Clear();
    }
}
