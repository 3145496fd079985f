using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int SetSockOpt(int fd, int level, int name, int* value, int length);

    [LibraryImport(Name, EntryPoint = "getsockopt", SetLastError = true)]
    internal static unsafe partial int GetSockOpt(int fd, int level, int name, int* value, int* length);
}
