using System.Runtime.InteropServices;

namespace StickyActors.Interop;

/// <summary>
/// Reads and writes <c>struct epoll_event</c> in place: packed (12 bytes) on x86-64, 16 bytes with the
/// data aligned to 8 on the other 64-bit Linux targets.
/// </summary>
internal static unsafe class EpollEvent
{
    public static readonly int Size = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int s_dataOffset = Size == 12 ? 4 : 8;

    public static void Write(byte* slot, uint events, ulong data)
    {
        *(uint*)slot = events;
        *(ulong*)(slot + s_dataOffset) = data;
    }

    public static uint Events(byte* slot) => *(uint*)slot;

    public static ulong Data(byte* slot) => *(ulong*)(slot + s_dataOffset);
}
