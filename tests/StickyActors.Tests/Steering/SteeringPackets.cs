using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StickyActors.Tests.Steering;

/// <summary>Minimal IPv4 and IPv6 headers of a SYN from a given source, as the steering program sees them.</summary>
internal static class SteeringPackets
{
    public static byte[] From(IPAddress source)
    {
        if (source.AddressFamily == AddressFamily.InterNetwork)
        {
            var v4 = new byte[20];
            v4[0] = 0x45;
            v4[9] = 6;
            source.TryWriteBytes(v4.AsSpan(12), out _);
            BinaryPrimitives.WriteUInt32BigEndian(v4.AsSpan(16), 0x7F000001);
            return v4;
        }

        var v6 = new byte[40];
        v6[0] = 0x60;
        v6[6] = 6;
        source.TryWriteBytes(v6.AsSpan(8), out _);
        v6[39] = 1;
        return v6;
    }
}
