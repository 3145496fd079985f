using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    /// <summary>glibc's <c>malloc_trim</c>: gives the free pages of every malloc arena back to the kernel (not in musl).</summary>
    [LibraryImport(Name, EntryPoint = "malloc_trim")]
    internal static partial int MallocTrim(nuint pad);
}
