using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Load;

/// <summary>
/// The client addresses the load comes from: by default 127.0.1.1, 127.0.1.2, … 127.0.1.254,
/// 127.0.2.1, …, or a given list. Each is preformatted as a <c>sockaddr_in</c> with port 0 in one
/// pinned array. From one address a sticky balancer rightly sends everything to one worker, so the
/// load must come from many.
/// </summary>
internal sealed unsafe class SourceAddresses
{
    private const uint First = 0x7F00_0100;

    private readonly uint[] _addresses;
    private readonly byte[] _sockaddrs;
    private readonly byte* _base;

    /// <summary>The first <paramref name="count"/> addresses of the default sequence.</summary>
    public SourceAddresses(int count)
        : this(Sequence(count))
    {
    }

    /// <summary><paramref name="addresses"/> (host byte order), in this order.</summary>
    public SourceAddresses(IReadOnlyList<uint> addresses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(addresses.Count, 1);
        _addresses = [.. addresses];
        Count = _addresses.Length;
        _sockaddrs = GC.AllocateArray<byte>(Count * SockAddr.Size, pinned: true);
        for (var i = 0; i < Count; i++)
        {
            SockAddr.WriteV4(_sockaddrs.AsSpan(i * SockAddr.Size), _addresses[i], 0);
        }

        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sockaddrs));
    }

    public int Count { get; }

    public string FirstText => SockAddr.Format(_addresses[0]);

    public string LastText => SockAddr.Format(_addresses[^1]);

    /// <summary>The <paramref name="index"/>-th address of the default sequence, host byte order.</summary>
    public static uint AddressAt(int index) => First + ((uint)(index / 254) << 8) + (uint)(index % 254) + 1;

    /// <summary>Address <paramref name="index"/> mod count of this set, host byte order.</summary>
    public uint Address(int index) => _addresses[(uint)index % (uint)Count];

    /// <summary>A pointer to the preformatted sockaddr of address <paramref name="index"/> mod count.</summary>
    public byte* Pointer(int index) => _base + ((uint)index % (uint)Count * SockAddr.Size);

    private static uint[] Sequence(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 254 * 254);
        return [.. Enumerable.Range(0, count).Select(AddressAt)];
    }
}
