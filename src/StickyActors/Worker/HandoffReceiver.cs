using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Listening.Steering;

namespace StickyActors.Worker;

/// <summary>
/// The worker's end of the handle channel: a thread blocked in recvmsg(2) that turns each received
/// descriptor into a <see cref="StickyConnection"/>. End of file means the master is gone.
/// </summary>
internal sealed class HandoffReceiver : IDisposable
{
    private const int ControlSize = 16 + (sizeof(int) * HandoffFrame.MaxConnections) + 16;

    private readonly int _fd;
    private readonly Channel<StickyConnection> _connections;
    private readonly Thread _thread;
    private readonly Action<string> _masterLost;
    private readonly BucketSessions? _sessions;
    private SlotAcceptor? _slot;
    private long _steeredBefore;
    private long _received;
    private long _malformed;

    public HandoffReceiver(int fd, int capacity, Action<string> masterLost, BucketSessions? sessions = null)
    {
        _fd = fd;
        _sessions = sessions;
        _masterLost = masterLost;
        // Two writers under kernel steering: this thread and the slot acceptor.
        _connections = Channel.CreateBounded<StickyConnection>(new BoundedChannelOptions(capacity));
        _thread = new Thread(Run) { IsBackground = true, Name = "sticky-handoff-receiver" };
    }

    public ChannelReader<StickyConnection> Connections => _connections.Reader;

    public long Received => Interlocked.Read(ref _received);

    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Connections accepted from slot sockets (kernel steering) by this process, a running total.</summary>
    public long SteeredAccepted => Interlocked.Read(ref _steeredBefore) + (Volatile.Read(ref _slot)?.Accepted ?? 0);

    public void Start() => _thread.Start();

    /// <summary>Stops taking new connections; the ones already received stay readable.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _slot, null)?.Dispose();
        Libc.Shutdown(_fd, Libc.SHUT_RDWR);
        if (!_thread.IsAlive && _thread.ThreadState == ThreadState.Unstarted)
        {
            Libc.Close(_fd);
        }

        _connections.Writer.TryComplete();
    }

    private unsafe void Run()
    {
        var buffer = new byte[HandoffFrame.MaxFrame];
        var control = stackalloc byte[ControlSize];
        var reason = "the master closed the handle channel";
        while (true)
        {
            int received;
            int controlLength;
            int flags;
            fixed (byte* payload = buffer)
            {
                var iov = new Libc.IoVec { Base = payload, Length = (nuint)buffer.Length };
                var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
                received = (int)Libc.RecvMsg(_fd, &message, Libc.MSG_CMSG_CLOEXEC);
                controlLength = (int)message.ControlLength;
                flags = message.Flags;
            }

            if (received < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EINTR)
                {
                    continue;
                }

                reason = $"recvmsg on the handle channel failed (errno {errno})";
                break;
            }

            if (received == 0)
            {
                break;
            }

            var fds = ReadDescriptors(control, controlLength);
            if ((flags & Libc.MSG_CTRUNC) != 0 || !Deliver(buffer.AsSpan(0, received), fds))
            {
                Interlocked.Increment(ref _malformed);
                foreach (var fd in fds)
                {
                    Libc.Close(fd);
                }
            }
        }

        // The thread closes the descriptor it reads, so its number cannot be reused under it. The
        // slot socket (kernel steering) stops first: what still queues there is the master's now.
        Interlocked.Exchange(ref _slot, null)?.Dispose();
        Libc.Close(_fd);
        _connections.Writer.TryComplete();
        _masterLost(reason);
    }

    private bool Deliver(ReadOnlySpan<byte> frame, int[] fds)
    {
        if (ListenerFrame.IsListenerFrame(frame))
        {
            return fds.Length == 1 && StartSlot(frame, fds[0]);
        }

        if (!HandoffFrame.TryDecode(frame, out var count) || count != fds.Length)
        {
            return false;
        }

        var offset = HandoffFrame.HeaderSize;
        for (var i = 0; i < count; i++)
        {
            HandoffFrame.TryReadEntry(frame, ref offset, out var client, out var preamble, out var bucket);
            var socket = new Socket(new SafeSocketHandle(fds[i], ownsHandle: true));
            var connection = new StickyConnection(socket, client.ToEndPoint(), frame[preamble].ToArray(), bucket, _sessions);
            Interlocked.Increment(ref _received);
            if (!_connections.Writer.TryWrite(connection))
            {
                if (!WaitToWrite(connection))
                {
                    connection.Dispose();
                }
            }
        }

        return true;
    }

    /// <summary>Kernel steering: the master sent this worker its slot's listening socket; accept from it.</summary>
    private bool StartSlot(ReadOnlySpan<byte> frame, int fd)
    {
        if (!ListenerFrame.TryDecode(frame, out var key, out _))
        {
            return false;
        }

        var acceptor = new SlotAcceptor(new Socket(new SafeSocketHandle(fd, ownsHandle: true)), key, _connections.Writer, _sessions);
        if (Interlocked.Exchange(ref _slot, acceptor) is { } previous)
        {
            previous.Dispose();
            Interlocked.Add(ref _steeredBefore, previous.Accepted);
        }

        acceptor.Start();
        return true;
    }

    private bool WaitToWrite(StickyConnection connection)
    {
        try
        {
            _connections.Writer.WriteAsync(connection).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private static unsafe int[] ReadDescriptors(byte* control, int controlLength)
    {
        if (controlLength < sizeof(Libc.CMsgHdr))
        {
            return [];
        }

        var header = (Libc.CMsgHdr*)control;
        if (header->Level != Libc.SOL_SOCKET || header->Type != Libc.SCM_RIGHTS)
        {
            return [];
        }

        var count = ((int)header->Length - sizeof(Libc.CMsgHdr)) / sizeof(int);
        var fds = new int[count];
        var data = (int*)(control + sizeof(Libc.CMsgHdr));
        for (var i = 0; i < count; i++)
        {
            fds[i] = data[i];
        }

        return fds;
    }
}
