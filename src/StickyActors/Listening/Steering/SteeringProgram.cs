using System.Numerics;
using StickyActors.Routing;

namespace StickyActors.Listening.Steering;

/// <summary>
/// Generates the classic BPF program attached to the slot sockets' SO_REUSEPORT group
/// (SO_ATTACH_REUSEPORT_CBPF). It reads the client address from the SYN's network header, computes
/// <see cref="AffinityHash.Of32"/> and <see cref="AffinityHash.Bucket"/> exactly as the master does
/// (32-bit operations only), and returns the socket index of the bucket's slot. Pure: no sockets.
/// </summary>
/// <remarks>
/// Bucket → slot is packed: each slot index takes <c>bits</c> (1, 2, 4, 8 or 16) bits, 32/bits of
/// them in one 32-bit constant; a binary decision tree over the word index (runs of equal words
/// merged) loads the word, and a shift and a mask pick the entry. With 1024 buckets the program is a
/// few dozen instructions for an even table and at most about 3,200 for 1024 distinct words.
/// </remarks>
internal static class SteeringProgram
{
    private const int Ipv4Source = 12;
    private const int Ipv6Source = 8;

    // Scratch memory slots.
    private const int HashSlot = 0;
    private const int BucketSlot = 1;
    private const int ProductSlot = 2;
    private const int ShiftSlot = 3;

    /// <summary>The largest table the 16-bit split of the bucket multiplication computes exactly.</summary>
    public const int MaxBuckets = 1 << 16;

    /// <summary>The program, or null when it cannot be expressed (too many buckets, or over 4,096 instructions).</summary>
    /// <param name="slotOfBucket">Per bucket, the socket index (slot) its connections go to.</param>
    /// <param name="slots">Sockets in the group.</param>
    /// <param name="seed">The routing hash seed.</param>
    /// <param name="ipv4Prefix">Bits of an IPv4 address that count (32 for the client-IP key).</param>
    /// <param name="ipv6Prefix">Bits of an IPv6 address that count (128 for the client-IP key).</param>
    public static SockFilter[]? Generate(ReadOnlySpan<int> slotOfBucket, int slots, ulong seed, int ipv4Prefix, int ipv6Prefix)
    {
        if (slotOfBucket.Length is 0 or > MaxBuckets || slots is < 1 or > 1 << 16)
        {
            return null;
        }

        var p = new ProgramBuilder();
        var v4 = p.NewLabel();
        var v4Load = p.NewLabel();
        var v6 = p.NewLabel();
        var v6Hash = p.NewLabel();
        var mapped2 = p.NewLabel();
        var mapped3 = p.NewLabel();
        var mapped4 = p.NewLabel();
        var bucket = p.NewLabel();

        // IP version: the high nibble of the first byte.
        p.LoadNetByte(0);
        p.Alu(Bpf.Rsh, 4);
        p.JumpIfEqual(4, v4Load, -1);
        p.JumpIfEqual(6, v6, -1);

        // Not IP: out of range, so the kernel falls back to its own choice.
        p.Return(uint.MaxValue);

        // An IPv4-mapped source (::ffff:a.b.c.d) hashes as the IPv4 address, as the master folds it.
        p.Mark(v6);
        p.LoadNetWord(Ipv6Source);
        p.JumpIfEqual(0, mapped2, v6Hash);
        p.Mark(mapped2);
        p.LoadNetWord(Ipv6Source + 4);
        p.JumpIfEqual(0, mapped3, v6Hash);
        p.Mark(mapped3);
        p.LoadNetWord(Ipv6Source + 8);
        p.JumpIfEqual(0xFFFF, mapped4, v6Hash);
        p.Mark(mapped4);
        p.LoadNetWord(Ipv6Source + 12);
        p.JumpAlways(v4);

        p.Mark(v6Hash);
        for (var word = 0; word < 4; word++)
        {
            p.LoadNetWord(Ipv6Source + (4 * word));
            MaskWord(p, Math.Clamp(ipv6Prefix - (32 * word), 0, 32));
            if (word == 0)
            {
                p.Alu(Bpf.Xor, AffinityHash.Start32(seed, ipv6: true));
            }
            else
            {
                p.LoadMemoryX(HashSlot);
                p.AluX(Bpf.Xor);
            }

            Mix32(p);
            if (word < 3)
            {
                p.Store(HashSlot);
            }
        }

        p.JumpAlways(bucket);

        // IPv4 last: classic BPF jumps only forward, and the mapped case above joins it.
        p.Mark(v4Load);
        p.LoadNetWord(Ipv4Source);
        p.Mark(v4);
        MaskWord(p, ipv4Prefix);
        p.Alu(Bpf.Xor, AffinityHash.Start32(seed, ipv6: false));
        Mix32(p);

        // bucket = (hash * buckets) >> 32, from 16-bit halves: exact for buckets <= 65536.
        p.Mark(bucket);
        var buckets = (uint)slotOfBucket.Length;
        p.Store(HashSlot);
        p.Alu(Bpf.And, 0xFFFF);
        p.Alu(Bpf.Mul, buckets);
        p.Alu(Bpf.Rsh, 16);
        p.Store(ProductSlot);
        p.LoadMemory(HashSlot);
        p.Alu(Bpf.Rsh, 16);
        p.Alu(Bpf.Mul, buckets);
        p.LoadMemoryX(ProductSlot);
        p.AluX(Bpf.Add);
        p.Alu(Bpf.Rsh, 16);

        EmitTable(p, slotOfBucket, slots);
        var program = p.Finish();
        return program.Length <= Bpf.MaxInstructions ? program : null;
    }

    /// <summary>Bits per packed entry: the smallest of 1, 2, 4, 8, 16 that holds every slot index.</summary>
    public static int EntryBits(int slots)
    {
        var bits = 1;
        while ((1 << bits) < slots)
        {
            bits *= 2;
        }

        return bits;
    }

    /// <summary>A = bucket → returns its slot.</summary>
    private static void EmitTable(ProgramBuilder p, ReadOnlySpan<int> slotOfBucket, int slots)
    {
        if (slots == 1)
        {
            p.Return(0);
            return;
        }

        var bits = EntryBits(slots);
        var perWord = 32 / bits;
        var words = new uint[(slotOfBucket.Length + perWord - 1) / perWord];
        for (var b = 0; b < slotOfBucket.Length; b++)
        {
            var slot = slotOfBucket[b];
            if (slot < 0 || slot >= slots)
            {
                throw new ArgumentOutOfRangeException(nameof(slotOfBucket), $"bucket {b} has slot {slot} of {slots}");
            }

            words[b / perWord] |= (uint)slot << (b % perWord * bits);
        }

        var runs = new List<(int Start, uint Value)>();
        for (var w = 0; w < words.Length; w++)
        {
            if (runs.Count == 0 || runs[^1].Value != words[w])
            {
                runs.Add((w, words[w]));
            }
        }

        p.Store(BucketSlot);
        p.Alu(Bpf.And, (uint)(perWord - 1));
        p.Alu(Bpf.Lsh, (uint)BitOperations.Log2((uint)bits));
        p.Store(ShiftSlot);
        p.LoadMemory(BucketSlot);
        p.Alu(Bpf.Rsh, (uint)BitOperations.Log2((uint)perWord));

        var tail = p.NewLabel();
        EmitTree(p, runs, 0, runs.Count, tail);
        p.Mark(tail);
        p.LoadMemoryX(ShiftSlot);
        p.AluX(Bpf.Rsh);
        p.Alu(Bpf.And, bits == 32 ? uint.MaxValue : (1u << bits) - 1);
        p.ReturnA();
    }

    /// <summary>A = word index → A = the word of its run (runs[lo..hi) sorted by start).</summary>
    private static void EmitTree(ProgramBuilder p, List<(int Start, uint Value)> runs, int lo, int hi, int tail)
    {
        if (hi - lo == 1)
        {
            p.LoadImmediate(runs[lo].Value);
            p.JumpAlways(tail);
            return;
        }

        var mid = (lo + hi) / 2;
        var left = TreeSize(lo, mid);
        if (left <= 255)
        {
            p.JumpIfGreaterOrEqual((uint)runs[mid].Start, left, 0);
        }
        else
        {
            p.JumpIfGreaterOrEqual((uint)runs[mid].Start, 0, 1);
            p.JumpAlwaysBy(left);
        }

        EmitTree(p, runs, lo, mid, tail);
        EmitTree(p, runs, mid, hi, tail);
    }

    private static int TreeSize(int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return 2;
        }

        var mid = (lo + hi) / 2;
        var left = TreeSize(lo, mid);
        return (left <= 255 ? 1 : 2) + left + TreeSize(mid, hi);
    }

    /// <summary>Keeps the top <paramref name="bits"/> of A (nothing emitted for 32).</summary>
    private static void MaskWord(ProgramBuilder p, int bits)
    {
        if (bits < 32)
        {
            p.Alu(Bpf.And, bits <= 0 ? 0 : uint.MaxValue << (32 - bits));
        }
    }

    /// <summary>A = <see cref="AffinityHash.Mix32"/>(A), clobbering X.</summary>
    private static void Mix32(ProgramBuilder p)
    {
        XorShift(p, 16);
        p.Alu(Bpf.Mul, 0x85EB_CA6Bu);
        XorShift(p, 13);
        p.Alu(Bpf.Mul, 0xC2B2_AE35u);
        XorShift(p, 16);
    }

    private static void XorShift(ProgramBuilder p, uint shift)
    {
        p.Tax();
        p.Alu(Bpf.Rsh, shift);
        p.AluX(Bpf.Xor);
    }
}
