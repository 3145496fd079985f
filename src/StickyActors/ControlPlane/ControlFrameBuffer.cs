using System.Buffers.Binary;
using Google.Protobuf;

namespace StickyActors.ControlPlane;

/// <summary>
/// The framing of the socket-pair control plane: each PDU is a 4-byte big-endian length and that many
/// bytes. Collects what a stream socket delivered, in whatever pieces, and takes whole frames out.
/// </summary>
internal sealed class ControlFrameBuffer(long maxFrame)
{
    private const int InitialSize = 16 * 1024;

    private byte[] _buffer = new byte[InitialSize];
    private int _start;
    private int _end;

    internal enum Take
    {
        Frame,
        NeedMore,
        Invalid,
    }

    /// <summary>Room to receive into (made by moving unread bytes to the front and growing for the next frame).</summary>
    public Memory<byte> Free
    {
        get
        {
            var unread = _end - _start;
            var needed = unread >= 4 ? 4 + BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start)) : 4;
            var target = needed > _buffer.Length ? new byte[needed] : _buffer;
            if (_start > 0 || !ReferenceEquals(target, _buffer))
            {
                _buffer.AsSpan(_start, unread).CopyTo(target);
                (_buffer, _start, _end) = (target, 0, unread);
            }

            return _buffer.AsMemory(_end);
        }
    }

    public static byte[] Encode(ByteString payload)
    {
        var frame = new byte[4 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, payload.Length);
        payload.Span.CopyTo(frame.AsSpan(4));
        return frame;
    }

    /// <summary>Counts <paramref name="read"/> bytes received into <see cref="Free"/>.</summary>
    public void Received(int read) => _end += read;

    /// <summary>The next whole frame's payload, if one is here; <see cref="Take.Invalid"/> for a length out of bounds.</summary>
    public Take TryTake(out byte[] payload)
    {
        payload = [];
        if (_end - _start < 4)
        {
            return Take.NeedMore;
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(_start));
        if (length < 0 || length > maxFrame)
        {
            return Take.Invalid;
        }

        if (_end - _start - 4 < length)
        {
            return Take.NeedMore;
        }

        payload = _buffer.AsSpan(_start + 4, length).ToArray();
        _start += 4 + length;
        return Take.Frame;
    }
}
