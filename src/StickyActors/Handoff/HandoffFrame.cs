using System.Buffers.Binary;
using System.Net.Sockets;

namespace StickyActors.Handoff;

/// <summary>
/// The payload of one handle-channel message: per descriptor, in the order of the SCM_RIGHTS array,
/// the client it is from, its routing bucket and the bytes the master already read from it. Pure
/// encode/decode.
/// </summary>
/// <remarks>
/// Layout: <c>version:u8 count:u8</c>, then per connection
/// <c>family:u8 high:u64 low:u64 port:u16 bucket:u32 preambleLength:u16 preamble</c> (big-endian).
/// </remarks>
internal static class HandoffFrame
{
    public const byte Version = 2;
    public const int HeaderSize = 2;
    public const int EntrySize = 1 + 8 + 8 + 2 + 4 + 2;
    public const int MaxConnections = 64;
    public const int MaxPreamble = 16 * 1024;
    public const int MaxFrame = 64 * 1024;

    public static int SizeOf(in AcceptedConnection connection) => EntrySize + connection.Preamble.Length;

    public static int Encode(ReadOnlySpan<AcceptedConnection> batch, Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)batch.Length;
        var offset = HeaderSize;
        foreach (ref readonly var connection in batch)
        {
            var entry = destination[offset..];
            var client = connection.Client;
            entry[0] = client.Family switch
            {
                AddressFamily.InterNetwork => 4,
                AddressFamily.InterNetworkV6 => 6,
                _ => 0,
            };
            BinaryPrimitives.WriteUInt64BigEndian(entry[1..], client.High);
            BinaryPrimitives.WriteUInt64BigEndian(entry[9..], client.Low);
            BinaryPrimitives.WriteUInt16BigEndian(entry[17..], client.Port);
            BinaryPrimitives.WriteUInt32BigEndian(entry[19..], (uint)connection.Bucket);
            BinaryPrimitives.WriteUInt16BigEndian(entry[23..], (ushort)connection.Preamble.Length);
            connection.Preamble.Span.CopyTo(entry[EntrySize..]);
            offset += SizeOf(connection);
        }

        return offset;
    }

    /// <summary>
    /// Checks a whole frame and counts its connections. Returns false for a frame that is not well
    /// formed (wrong version, count, or an entry running past the end).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, out int count)
    {
        count = 0;
        if (frame.Length < HeaderSize || frame[0] != Version)
        {
            return false;
        }

        count = frame[1];
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (!TryReadEntry(frame, ref offset, out _, out _, out _))
            {
                return false;
            }
        }

        return offset == frame.Length;
    }

    /// <summary>Reads the entry at <paramref name="offset"/> and advances past it.</summary>
    public static bool TryReadEntry(ReadOnlySpan<byte> frame, ref int offset, out ClientAddress client, out Range preamble) =>
        TryReadEntry(frame, ref offset, out client, out preamble, out _);

    /// <summary>Reads the entry at <paramref name="offset"/>, with its bucket, and advances past it.</summary>
    public static bool TryReadEntry(ReadOnlySpan<byte> frame, ref int offset, out ClientAddress client, out Range preamble, out int bucket)
    {
        client = ClientAddress.None;
        preamble = default;
        bucket = 0;
        if (frame.Length - offset < EntrySize)
        {
            return false;
        }

        var entry = frame[offset..];
        var family = entry[0] switch
        {
            4 => AddressFamily.InterNetwork,
            6 => AddressFamily.InterNetworkV6,
            _ => AddressFamily.Unspecified,
        };
        var length = BinaryPrimitives.ReadUInt16BigEndian(entry[23..]);
        if (entry.Length - EntrySize < length)
        {
            return false;
        }

        client = family == AddressFamily.Unspecified
            ? ClientAddress.None
            : new ClientAddress(family, BinaryPrimitives.ReadUInt64BigEndian(entry[1..]), BinaryPrimitives.ReadUInt64BigEndian(entry[9..]), BinaryPrimitives.ReadUInt16BigEndian(entry[17..]));
        bucket = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(entry[19..]), int.MaxValue);
        preamble = new Range(offset + EntrySize, offset + EntrySize + length);
        offset += EntrySize + length;
        return true;
    }
}
