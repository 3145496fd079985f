using System.Buffers.Binary;

namespace StickyActors.Listening.Steering;

/// <summary>
/// The handle-channel message that carries a slot's listening socket (one descriptor) and what the
/// worker needs to compute each accepted connection's bucket as the master does. Pure encode/decode.
/// </summary>
/// <remarks>
/// Layout: <c>kind:u8 (0x4C) slot:u16 buckets:u32 seed:u64 prefix:u8 ipv4Prefix:u8 ipv6Prefix:u8</c>
/// (big-endian). The first byte never equals a connection frame's version.
/// </remarks>
internal static class ListenerFrame
{
    public const byte Kind = 0x4C;
    public const int Size = 1 + 2 + 4 + 8 + 3;

    public static byte[] Encode(in SlotKey key, int slot)
    {
        var frame = new byte[Size];
        frame[0] = Kind;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)slot);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)key.Buckets);
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(7), key.Seed);
        frame[15] = key.Prefix ? (byte)1 : (byte)0;
        frame[16] = (byte)key.Ipv4Prefix;
        frame[17] = (byte)key.Ipv6Prefix;
        return frame;
    }

    public static bool IsListenerFrame(ReadOnlySpan<byte> frame) => frame.Length > 0 && frame[0] == Kind;

    public static bool TryDecode(ReadOnlySpan<byte> frame, out SlotKey key, out int slot)
    {
        key = default;
        slot = -1;
        if (frame.Length != Size || frame[0] != Kind)
        {
            return false;
        }

        var buckets = BinaryPrimitives.ReadUInt32BigEndian(frame[3..]);
        if (buckets is 0 or > SteeringProgram.MaxBuckets || frame[16] > 32 || frame[17] > 128)
        {
            return false;
        }

        slot = BinaryPrimitives.ReadUInt16BigEndian(frame[1..]);
        key = new SlotKey((int)buckets, BinaryPrimitives.ReadUInt64BigEndian(frame[7..]), frame[15] != 0, frame[16], frame[17]);
        return true;
    }
}
