using System.Buffers.Binary;

namespace StickyActors.Benchmarks.Load;

/// <summary>Formats a Linux <c>sockaddr_in</c> (16 bytes) once, so connect and bind take it as is.</summary>
internal static class SockAddr
{
    public const int Size = 16;

    /// <summary>127.0.0.1, host byte order.</summary>
    public const uint Loopback = 0x7F00_0001;

    /// <summary>Writes <paramref name="address"/> (host order, e.g. 0x7F000001) and port into 16 bytes.</summary>
    public static void WriteV4(Span<byte> destination, uint address, ushort port)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, Interop.Libc.AF_INET);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], address);
    }

    public static string Format(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";
}
