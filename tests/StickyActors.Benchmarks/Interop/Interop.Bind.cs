using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(int fd, byte* sockaddr, int length);
}
