using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>Sending the request and reading the response of one connected slot.</summary>
internal sealed unsafe partial class TrackedLoadLoop
{
    /// <summary>Sends the rest of the request; false when it failed (and the request is finished).</summary>
    private bool Send(int index, ref TrackedSlot slot)
    {
        while (slot.Sent < _requestLength)
        {
            var sent = Libc.Send(slot.Fd, _request + slot.Sent, (nuint)(_requestLength - slot.Sent), Libc.MSG_NOSIGNAL);
            if (sent > 0)
            {
                slot.Sent += (int)sent;
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.EAGAIN)
            {
                return true;
            }

            if (errno != Libc.EINTR)
            {
                Finish(index, SocketFailure.OfStream(errno, slot.Received), errno);
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads until the socket is drained (edge-triggered), the response is complete, or it fails.</summary>
    private void Read(int index, ref TrackedSlot slot)
    {
        var buffer = _buffers + ((long)index * BufferSize);
        while (true)
        {
            var room = BufferSize - slot.Received;
            if (room == 0)
            {
                Finish(index, Outcome.Unrecognized, 0);
                return;
            }

            var read = Libc.Recv(slot.Fd, buffer + slot.Received, (nuint)room, 0);
            if (read > 0)
            {
                slot.Received += (int)read;
                var response = new ReadOnlySpan<byte>(buffer, slot.Received);
                var length = ResponseParser.CompleteLength(response, out var ok);
                if (length == 0)
                {
                    continue;
                }

                AnswerParser.Parse(response[..length], out var workerId, out var workerPid);
                var outcome = !ok ? Outcome.Non200 : workerId < 0 ? Outcome.Unrecognized : Outcome.Ok;
                Finish(index, outcome, 0, workerId, workerPid);
                return;
            }

            var errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Libc.EINTR)
            {
                continue;
            }

            if (errno != Libc.EAGAIN)
            {
                Finish(index, read == 0 ? (slot.Received == 0 ? Outcome.Closed : Outcome.Incomplete) : SocketFailure.OfStream(errno, slot.Received), errno);
            }

            return;
        }
    }
}
