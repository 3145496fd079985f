namespace StickyActors.Handoff;

/// <summary>
/// One counter per descriptor number, advanced each time an <see cref="OwnedDescriptor"/> of that
/// number ends (closed, or detached to another owner). An owner remembers the counter it was made
/// at; only the first end among all its copies finds it unchanged, so the number is closed once, and
/// a stale copy can never close the next descriptor the kernel gives the same number. No allocation
/// per descriptor: pages of counters are made once, the first time a number in them is seen.
/// </summary>
internal static class DescriptorGenerations
{
    /// <summary>The generation of a number beyond the table: such an owner closes without the check.</summary>
    public const int Unchecked = -1;

    private const int PageBits = 10;
    private const int PageSize = 1 << PageBits;
    private const int Pages = 1 << 10;

    private static readonly int[]?[] s_pages = new int[Pages][];

    /// <summary>The current generation of <paramref name="fd"/> (never <see cref="Unchecked"/> in range).</summary>
    public static int Current(int fd) => Slot(fd) is { } page ? Volatile.Read(ref page[fd & (PageSize - 1)]) & int.MaxValue : Unchecked;

    /// <summary>Ends generation <paramref name="generation"/> of <paramref name="fd"/>; true for the one caller that did.</summary>
    public static bool TryEnd(int fd, int generation)
    {
        if (generation == Unchecked)
        {
            return true;
        }

        var page = Slot(fd)!;
        var next = (generation + 1) & int.MaxValue;
        return Interlocked.CompareExchange(ref page[fd & (PageSize - 1)], next, generation) == generation;
    }

    /// <summary>Whether generation <paramref name="generation"/> of <paramref name="fd"/> has not ended yet.</summary>
    public static bool IsCurrent(int fd, int generation) => generation == Unchecked || Current(fd) == generation;

    private static int[]? Slot(int fd)
    {
        var index = fd >> PageBits;
        if ((uint)index >= Pages)
        {
            return null;
        }

        var page = Volatile.Read(ref s_pages[index]);
        if (page is null)
        {
            Interlocked.CompareExchange(ref s_pages[index], new int[PageSize], null);
            page = Volatile.Read(ref s_pages[index]);
        }

        return page;
    }
}
