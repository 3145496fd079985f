using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

internal sealed unsafe partial class SplicePair
{
    private SpliceDirection? _toOwner;
    private SpliceDirection? _toClient;
    private long _lastActivity;
    private bool _edgeTriggered;

    public void Abort()
    {
        if (_stage != PairStage.Closed)
        {
            Close(reset: true);
        }
    }

    private void WriteHeader()
    {
        while (_sent < _messageLength)
        {
            nint sent;
            fixed (byte* buffer = _buffer)
            {
                sent = Libc.Send(_upstream, buffer + _sent, (nuint)(_messageLength - _sent), Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
            }

            if (sent < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is Libc.EAGAIN or Libc.EINTR)
                {
                    return;
                }

                if (_sent < _headerLength)
                {
                    Fail(ForwardStage.Header, errno);
                }
                else
                {
                    Close(reset: true);
                }

                return;
            }

            _sent += (int)sent;
        }

        relay.Counters.OnClientToOwner(connection.Preamble.Length);
        _buffer = [];
        StartRelaying();
    }

    private void StartRelaying()
    {
        _stage = PairStage.Relaying;
        relay.Counters.OnPairOpened();
        var client = connection.Descriptor.Number;
        _toOwner = new SpliceDirection(client, _upstream, _pipes[0], _pipes[1]);
        _toClient = new SpliceDirection(_upstream, client, _pipes[2], _pipes[3]);
        _lastActivity = Environment.TickCount64;
        if (!ForwardSocket.SetNonBlocking(client, true) || !_loop!.Watch(client, _token + 1, LevelEvents) || !_loop.Rewatch(_upstream, _token, LevelEvents))
        {
            Close(reset: true);
            return;
        }

        ForwardSocket.SetNoDelay(client);
    }

    /// <summary>
    /// Level-triggered while every message passes through whole (one splice in, one out, no EAGAIN
    /// probe: half the syscalls of pumping both ways per event); from the first EOF, hang-up, error or
    /// short write on, edge-triggered for good, pumping both directions on every event.
    /// </summary>
    private void Relay(uint events, bool fromClient)
    {
        if (!_edgeTriggered && events == Libc.EPOLLIN)
        {
            var settled = (fromClient ? _toOwner! : _toClient!).TryRelayOnce(out var delivered, out var errno);
            if (delivered > 0)
            {
                _lastActivity = Environment.TickCount64;
                if (fromClient)
                {
                    relay.Counters.OnClientToOwner(delivered);
                }
                else
                {
                    relay.Counters.OnOwnerToClient(delivered);
                }
            }

            if (errno != 0)
            {
                Close(reset: true);
                return;
            }

            if (settled)
            {
                return;
            }
        }

        if (!_edgeTriggered)
        {
            _edgeTriggered = true;
            if (!_loop!.Rewatch(connection.Descriptor.Number, _token + 1, Events) || !_loop.Rewatch(_upstream, _token, Events))
            {
                Close(reset: true);
                return;
            }
        }

        Pump();
    }

    private void Pump()
    {
        var error = _toOwner!.Pump(out var toOwner);
        var toClient = 0L;
        if (error == 0)
        {
            error = _toClient!.Pump(out toClient);
            if (toClient > 0)
            {
                relay.Counters.OnOwnerToClient(toClient);
            }
        }

        if (toOwner > 0)
        {
            relay.Counters.OnClientToOwner(toOwner);
        }

        if (toOwner > 0 || toClient > 0)
        {
            _lastActivity = Environment.TickCount64;
        }
        if (error != 0)
        {
            Close(reset: true);
        }
        else if (_toOwner.Finished && _toClient!.Finished)
        {
            Close(reset: false);
        }
    }

    private void CheckIdle(long nowMs)
    {
        var idle = (long)relay.IdleTimeout.TotalMilliseconds;
        if (idle > 0 && nowMs - _lastActivity >= idle)
        {
            Close(reset: false);
        }
    }

    /// <summary>Closes both sides; <paramref name="reset"/> makes each close send a RST (SO_LINGER {1, 0}).</summary>
    private void Close(bool reset)
    {
        var wasRelaying = _stage == PairStage.Relaying;
        _stage = PairStage.Closed;
        var client = connection.Descriptor.Number;
        if (wasRelaying)
        {
            _loop!.Unwatch(client);
            relay.Counters.OnPairClosed();
        }

        if (reset)
        {
            ForwardSocket.SetResetOnClose(client);
            if (_upstream >= 0)
            {
                ForwardSocket.SetResetOnClose(_upstream);
            }
        }

        CloseOwn();
        connection.Close();
    }

    /// <summary>Closes what this pair made itself (the upstream socket and the pipes), never the client's descriptor.</summary>
    private void CloseOwn()
    {
        _loop?.Remove(_token);
        if (_upstream >= 0)
        {
            _loop?.Unwatch(_upstream);
            Libc.Close(_upstream);
            _upstream = -1;
        }

        for (var i = 0; i < _pipes.Length; i++)
        {
            if (_pipes[i] >= 0)
            {
                Libc.Close(_pipes[i]);
                _pipes[i] = -1;
            }
        }
    }
}
