using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "connect", SetLastError = true)]
    internal static unsafe partial int Connect(int fd, byte* sockaddr, int length);
}
