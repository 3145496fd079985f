using System.Net.Sockets;
using System.Runtime.InteropServices;
using StickyActors.Handoff;
using StickyActors.Interop;
using StickyActors.Routing;

namespace StickyActors.Forwarding;

/// <summary>
/// One forwarded client on the forwarding host, on one relay thread from start to end: connect to
/// the owner's forward listener, read its challenge, write the header and the replay bytes, then
/// splice both ways. Until the header is fully written the client's descriptor is not touched and
/// any failure gives the connection back to the fallback; after that, failures close both sides.
/// </summary>
internal sealed unsafe partial class SplicePair(SpliceRelay relay, AcceptedConnection connection, HostEntry owner, Action<AcceptedConnection> fallback) : IRelayWork, IRelayHandler
{
    private const uint Events = Libc.EPOLLIN | Libc.EPOLLOUT | Libc.EPOLLRDHUP | Libc.EPOLLET;
    private const uint LevelEvents = Libc.EPOLLIN | Libc.EPOLLRDHUP;

    private readonly int[] _pipes = [-1, -1, -1, -1];
    private RelayLoop? _loop;
    private ulong _token;
    private PairStage _stage;
    private int _upstream = -1;
    private byte[] _buffer = [];
    private int _received;
    private int _sent;
    private int _headerLength;
    private int _messageLength;
    private long _deadline;

    private enum PairStage
    {
        Connecting,
        Challenge,
        Header,
        Relaying,
        Closed,
    }

    public HostEntry Owner => owner;

    public void Run(RelayLoop loop)
    {
        _loop = loop;
        _token = loop.Add(this);
        _deadline = Environment.TickCount64 + (long)relay.ConnectTimeout.TotalMilliseconds;
        var family = owner.ForwardEndPoint.AddressFamily == AddressFamily.InterNetwork ? Libc.AF_INET : Libc.AF_INET6;
        fixed (int* pipes = _pipes)
        {
            if (Libc.Pipe2(pipes, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0 || Libc.Pipe2(pipes + 2, Libc.O_CLOEXEC | Libc.O_NONBLOCK) != 0)
            {
                Fail(ForwardStage.Connect, Marshal.GetLastPInvokeError());
                return;
            }
        }

        _upstream = Libc.Socket(family, Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (_upstream < 0 || !loop.Watch(_upstream, _token, Events))
        {
            Fail(ForwardStage.Connect, Marshal.GetLastPInvokeError());
            return;
        }

        ForwardSocket.SetNoDelay(_upstream);
        ForwardSocket.SetKeepAlive(_upstream);
        var sockaddr = stackalloc byte[ForwardSocket.SockAddrLength];
        if (relay.SourceAddress is { } source && source.AddressFamily == owner.ForwardEndPoint.AddressFamily && !ForwardSocket.BindSource(_upstream, source))
        {
            Fail(ForwardStage.Connect, Marshal.GetLastPInvokeError());
            return;
        }

        var length = ForwardSocket.WriteSockAddr(owner.ForwardEndPoint, new Span<byte>(sockaddr, ForwardSocket.SockAddrLength));
        if (Libc.Connect(_upstream, sockaddr, length) == 0)
        {
            _stage = PairStage.Challenge;
            ReadChallenge();
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno != Libc.EINPROGRESS)
        {
            Fail(ForwardStage.Connect, errno);
        }
    }

    public void Cancel() => connection.Close();

    public void OnReady(uint events, bool second)
    {
        switch (_stage)
        {
            case PairStage.Connecting:
                var error = ForwardSocket.PendingError(_upstream);
                if (error != 0)
                {
                    Fail(ForwardStage.Connect, error);
                }
                else if ((events & Libc.EPOLLOUT) != 0)
                {
                    _stage = PairStage.Challenge;
                    ReadChallenge();
                }

                break;
            case PairStage.Challenge:
                ReadChallenge();
                break;
            case PairStage.Header:
                WriteHeader();
                break;
            case PairStage.Relaying:
                Relay(events, fromClient: second);
                break;
        }
    }

    public void OnTick(long nowMs)
    {
        if (_stage < PairStage.Relaying && nowMs >= _deadline)
        {
            Fail(ForwardStage.Timeout, Libc.ETIMEDOUT);
        }
        else if (_stage == PairStage.Relaying)
        {
            CheckIdle(nowMs);
        }
    }

    /// <summary>The owner left: a pair not yet handed over goes to the fallback, a relayed one is reset.</summary>
    public void CloseForOwnerLeft()
    {
        if (_stage < PairStage.Relaying)
        {
            Fail(ForwardStage.OwnerLeft, 0);
        }
        else
        {
            Close(reset: true);
        }
    }

    private void ReadChallenge()
    {
        if (_buffer.Length == 0)
        {
            _buffer = new byte[Math.Max(ForwardChallenge.Length, ForwardHeader.LengthFor(connection.Client) + connection.Preamble.Length)];
        }

        while (_received < ForwardChallenge.Length)
        {
            nint read;
            fixed (byte* buffer = _buffer)
            {
                read = Libc.Recv(_upstream, buffer + _received, (nuint)(ForwardChallenge.Length - _received), Libc.MSG_DONTWAIT);
            }

            if (read <= 0)
            {
                var errno = read == 0 ? Libc.ECONNRESET : Marshal.GetLastPInvokeError();
                if (read < 0 && errno is Libc.EAGAIN or Libc.EINTR)
                {
                    return;
                }

                Fail(ForwardStage.Challenge, errno);
                return;
            }

            _received += (int)read;
        }

        if (!ForwardChallenge.TryGetNonce(_buffer, out var received))
        {
            Fail(ForwardStage.Challenge, Libc.EPROTO);
            return;
        }

        Span<byte> nonce = stackalloc byte[ForwardChallenge.NonceLength];
        received.CopyTo(nonce);
        var route = new ForwardRoute(connection.Client, connection.Bucket, connection.Key, connection.Pinned);
        _headerLength = ForwardHeader.Write(_buffer, route, ClientAddress.FromEndPoint(owner.ForwardEndPoint), nonce, relay.Secret.Span);
        connection.Preamble.Span.CopyTo(_buffer.AsSpan(_headerLength));
        _messageLength = _headerLength + connection.Preamble.Length;
        _stage = PairStage.Header;
        WriteHeader();
    }

    private void Fail(ForwardStage stage, int errno)
    {
        if (_stage == PairStage.Closed)
        {
            return;
        }

        _stage = PairStage.Closed;
        CloseOwn();
        relay.OnFailed(connection, owner, stage, errno);
        relay.GiveBack(connection, fallback);
    }
}
