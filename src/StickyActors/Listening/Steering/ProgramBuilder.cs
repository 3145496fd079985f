namespace StickyActors.Listening.Steering;

/// <summary>
/// Emits classic BPF instructions with forward labels, resolved when the program is finished.
/// Conditional jumps reach at most 255 instructions (the format's 8-bit offsets); callers keep
/// them short and use <see cref="JumpAlways"/> (32-bit offset) for anything farther.
/// </summary>
internal sealed class ProgramBuilder
{
    private readonly List<SockFilter> _code = [];
    private readonly List<int> _labels = [];
    private readonly List<(int At, int Label, Slot Slot)> _fixups = [];

    private enum Slot
    {
        True,
        False,
        Always,
    }

    public int Count => _code.Count;

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    public void Mark(int label) => _labels[label] = _code.Count;

    public void Emit(ushort code, uint k = 0) => _code.Add(new SockFilter(code, 0, 0, k));

    /// <summary>Loads a 32-bit word of the network header at <paramref name="offset"/> (network byte order).</summary>
    public void LoadNetWord(int offset) => Emit((ushort)(Bpf.Ld | Bpf.W | Bpf.Abs), unchecked((uint)(Bpf.NetOffset + offset)));

    public void LoadNetByte(int offset) => Emit((ushort)(Bpf.Ld | Bpf.B | Bpf.Abs), unchecked((uint)(Bpf.NetOffset + offset)));

    public void Alu(ushort op, uint k) => Emit((ushort)(Bpf.Alu | op | Bpf.K), k);

    public void AluX(ushort op) => Emit((ushort)(Bpf.Alu | op | Bpf.X));

    public void Store(int slot) => Emit(Bpf.St, (uint)slot);

    public void LoadMemory(int slot) => Emit((ushort)(Bpf.Ld | Bpf.Mem), (uint)slot);

    public void LoadMemoryX(int slot) => Emit((ushort)(Bpf.Ldx | Bpf.Mem), (uint)slot);

    public void LoadImmediate(uint k) => Emit((ushort)(Bpf.Ld | Bpf.Imm), k);

    public void Tax() => Emit((ushort)(Bpf.Misc | Bpf.Tax));

    public void Return(uint k) => Emit((ushort)(Bpf.Ret | Bpf.K), k);

    public void ReturnA() => Emit((ushort)(Bpf.Ret | Bpf.RetA));

    /// <summary><c>if (A == k)</c> go to <paramref name="whenTrue"/>, else <paramref name="whenFalse"/> (labels; -1: the next instruction).</summary>
    public void JumpIfEqual(uint k, int whenTrue, int whenFalse) => Conditional(Bpf.Jeq, k, whenTrue, whenFalse);

    /// <summary><c>if (A &gt;= k)</c> skips <paramref name="skipTrue"/> instructions, else <paramref name="skipFalse"/>.</summary>
    public void JumpIfGreaterOrEqual(uint k, int skipTrue, int skipFalse)
    {
        if (skipTrue is < 0 or > 255 || skipFalse is < 0 or > 255)
        {
            throw new InvalidOperationException("A conditional jump reaches at most 255 instructions.");
        }

        _code.Add(new SockFilter((ushort)(Bpf.Jmp | Bpf.Jge | Bpf.K), (byte)skipTrue, (byte)skipFalse, k));
    }

    public void JumpAlways(int label)
    {
        _fixups.Add((_code.Count, label, Slot.Always));
        Emit((ushort)(Bpf.Jmp | Bpf.Ja));
    }

    public void JumpAlwaysBy(int skip) => Emit((ushort)(Bpf.Jmp | Bpf.Ja), (uint)skip);

    public SockFilter[] Finish()
    {
        var code = _code.ToArray();
        foreach (var (at, label, slot) in _fixups)
        {
            var target = _labels[label];
            var offset = target - (at + 1);
            if (target < 0 || offset < 0 || (slot != Slot.Always && offset > 255))
            {
                throw new InvalidOperationException($"Jump from {at} to label {label} cannot be encoded.");
            }

            code[at] = slot switch
            {
                Slot.True => code[at] with { JumpTrue = (byte)offset },
                Slot.False => code[at] with { JumpFalse = (byte)offset },
                _ => code[at] with { K = (uint)offset },
            };
        }

        return code;
    }

    private void Conditional(ushort op, uint k, int whenTrue, int whenFalse)
    {
        if (whenTrue >= 0)
        {
            _fixups.Add((_code.Count, whenTrue, Slot.True));
        }

        if (whenFalse >= 0)
        {
            _fixups.Add((_code.Count, whenFalse, Slot.False));
        }

        _code.Add(new SockFilter((ushort)(Bpf.Jmp | op | Bpf.K), 0, 0, k));
    }
}
