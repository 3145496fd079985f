using System.Runtime.InteropServices;

namespace StickyActors.Benchmarks.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "send", SetLastError = true)]
    internal static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Name, EntryPoint = "recv", SetLastError = true)]
    internal static unsafe partial nint Recv(int fd, byte* buffer, nuint length, int flags);
}
