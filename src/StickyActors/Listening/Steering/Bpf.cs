namespace StickyActors.Listening.Steering;

/// <summary>Classic BPF opcodes (<c>linux/filter.h</c>, <c>linux/bpf_common.h</c>) the steering program uses.</summary>
internal static class Bpf
{
    public const ushort Ld = 0x00;
    public const ushort Ldx = 0x01;
    public const ushort St = 0x02;
    public const ushort Alu = 0x04;
    public const ushort Jmp = 0x05;
    public const ushort Ret = 0x06;
    public const ushort Misc = 0x07;

    public const ushort W = 0x00;
    public const ushort H = 0x08;
    public const ushort B = 0x10;

    public const ushort Imm = 0x00;
    public const ushort Abs = 0x20;
    public const ushort Mem = 0x60;

    public const ushort Add = 0x00;
    public const ushort Mul = 0x20;
    public const ushort And = 0x50;
    public const ushort Lsh = 0x60;
    public const ushort Rsh = 0x70;
    public const ushort Xor = 0xA0;

    public const ushort Ja = 0x00;
    public const ushort Jeq = 0x10;
    public const ushort Jge = 0x30;

    public const ushort K = 0x00;
    public const ushort X = 0x08;
    public const ushort RetA = 0x10;

    public const ushort Tax = 0x00;

    /// <summary>Loads at <c>SKF_NET_OFF + n</c> read the network header, whatever skb->data points at.</summary>
    public const int NetOffset = -0x100000;

    /// <summary>The kernel's limit on a classic program (<c>BPF_MAXINSNS</c>).</summary>
    public const int MaxInstructions = 4096;
}
