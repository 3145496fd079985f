using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// The client addresses the load comes from: 127.0.1.1, 127.0.1.2, … 127.0.1.254, 127.0.2.1, …
/// Each is preformatted as a <c>sockaddr_in</c> with port 0 in one pinned array. From one address a
/// sticky balancer rightly sends everything to one worker, so the load must come from many.
/// </summary>
internal sealed unsafe class SourceAddresses
{
    private const uint First = 0x7F00_0100;

    private readonly byte[] _sockaddrs;
    private readonly byte* _base;

    public SourceAddresses(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 254 * 254);
        Count = count;
        _sockaddrs = GC.AllocateArray<byte>(count * SockAddr.Size, pinned: true);
        for (var i = 0; i < count; i++)
        {
            SockAddr.WriteV4(_sockaddrs.AsSpan(i * SockAddr.Size), AddressAt(i), 0);
        }

        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sockaddrs));
    }

    public int Count { get; }

    public string FirstText => SockAddr.Format(AddressAt(0));

    public string LastText => SockAddr.Format(AddressAt(Count - 1));

    /// <summary>The <paramref name="index"/>-th address (modulo the count), host byte order.</summary>
    public static uint AddressAt(int index) => First + ((uint)(index / 254) << 8) + (uint)(index % 254) + 1;

    /// <summary>A pointer to the preformatted sockaddr of address <paramref name="index"/> mod count.</summary>
    public byte* Pointer(int index) => _base + ((uint)index % (uint)Count * SockAddr.Size);
}
