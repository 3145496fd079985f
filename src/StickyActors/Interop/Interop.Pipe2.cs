using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const int O_CLOEXEC = 0x80000;

    /// <summary><paramref name="fds"/> points at two ints: the read end, then the write end.</summary>
    [LibraryImport(Name, EntryPoint = "pipe2", SetLastError = true)]
    internal static unsafe partial int Pipe2(int* fds, int flags);
}
