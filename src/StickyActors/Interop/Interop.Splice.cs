using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const uint SPLICE_F_MOVE = 1;
    internal const uint SPLICE_F_NONBLOCK = 2;

    /// <summary>Moves up to <paramref name="length"/> bytes between a pipe and another descriptor inside the kernel; null offsets use the descriptors' own.</summary>
    [LibraryImport(Name, EntryPoint = "splice", SetLastError = true)]
    internal static unsafe partial nint Splice(int fdIn, long* offsetIn, int fdOut, long* offsetOut, nuint length, uint flags);
}
