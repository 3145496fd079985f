using System.Buffers.Binary;
using StickyActors.Listening.Steering;

namespace StickyActors.Tests.Steering;

/// <summary>
/// A userspace classic BPF machine with the kernel's semantics for the instructions a socket filter
/// may use: A, X, 16 scratch words, loads relative to the network header (SKF_NET_OFF), 32-bit ALU,
/// jumps relative to the next instruction. Also applies the kernel's load checks
/// (scratch memory read before it is written fails).
/// </summary>
internal static class ClassicBpfInterpreter
{
    public static uint Run(ReadOnlySpan<SockFilter> program, ReadOnlySpan<byte> networkHeader)
    {
        uint a = 0, x = 0;
        Span<uint> memory = stackalloc uint[16];
        Span<bool> written = stackalloc bool[16];
        var pc = 0;
        for (var steps = 0; steps < 100_000; steps++)
        {
            if (pc < 0 || pc >= program.Length)
            {
                throw new InvalidOperationException($"pc {pc} left the program");
            }

            var i = program[pc++];
            var cls = i.Code & 0x07;
            switch (cls)
            {
                case Bpf.Ld:
                    a = (i.Code & 0xE0) switch
                    {
                        Bpf.Imm => i.K,
                        Bpf.Abs => LoadNet(networkHeader, (int)i.K, i.Code & 0x18),
                        Bpf.Mem => ReadMemory(memory, written, i.K),
                        _ => throw new InvalidOperationException($"load mode {i.Code:x}"),
                    };
                    break;
                case Bpf.Ldx:
                    x = (i.Code & 0xE0) switch
                    {
                        Bpf.Imm => i.K,
                        Bpf.Mem => ReadMemory(memory, written, i.K),
                        _ => throw new InvalidOperationException($"ldx mode {i.Code:x}"),
                    };
                    break;
                case Bpf.St:
                    memory[(int)i.K] = a;
                    written[(int)i.K] = true;
                    break;
                case 0x03:
                    memory[(int)i.K] = x;
                    written[(int)i.K] = true;
                    break;
                case Bpf.Alu:
                    var operand = (i.Code & Bpf.X) != 0 ? x : i.K;
                    a = (i.Code & 0xF0) switch
                    {
                        0x00 => a + operand,
                        0x10 => a - operand,
                        0x20 => a * operand,
                        0x30 => operand == 0 ? throw new DivideByZeroException() : a / operand,
                        0x40 => a | operand,
                        0x50 => a & operand,
                        0x60 => operand >= 32 ? 0 : a << (int)operand,
                        0x70 => operand >= 32 ? 0 : a >> (int)operand,
                        0x80 => (uint)-(int)a,
                        0x90 => operand == 0 ? throw new DivideByZeroException() : a % operand,
                        0xA0 => a ^ operand,
                        _ => throw new InvalidOperationException($"alu {i.Code:x}"),
                    };
                    break;
                case Bpf.Jmp:
                    var value = (i.Code & Bpf.X) != 0 ? x : i.K;
                    if ((i.Code & 0xF0) == Bpf.Ja)
                    {
                        pc += (int)i.K;
                        break;
                    }

                    var taken = (i.Code & 0xF0) switch
                    {
                        0x10 => a == value,
                        0x20 => a > value,
                        0x30 => a >= value,
                        0x40 => (a & value) != 0,
                        _ => throw new InvalidOperationException($"jmp {i.Code:x}"),
                    };
                    pc += taken ? i.JumpTrue : i.JumpFalse;
                    break;
                case Bpf.Ret:
                    return (i.Code & 0x18) == Bpf.RetA ? a : i.K;
                case Bpf.Misc:
                    if ((i.Code & 0xF8) == 0)
                    {
                        x = a;
                    }
                    else
                    {
                        a = x;
                    }

                    break;
            }
        }

        throw new InvalidOperationException("the program did not return");
    }

    private static uint ReadMemory(Span<uint> memory, Span<bool> written, uint slot) =>
        written[(int)slot] ? memory[(int)slot] : throw new InvalidOperationException($"M[{slot}] read before written");

    private static uint LoadNet(ReadOnlySpan<byte> header, int k, int size)
    {
        if (k >= 0 || k < Bpf.NetOffset)
        {
            throw new InvalidOperationException($"load at {k}: the program must read the network header");
        }

        var offset = k - Bpf.NetOffset;
        return size switch
        {
            Bpf.W => BinaryPrimitives.ReadUInt32BigEndian(header[offset..]),
            Bpf.H => BinaryPrimitives.ReadUInt16BigEndian(header[offset..]),
            _ => header[offset],
        };
    }
}
