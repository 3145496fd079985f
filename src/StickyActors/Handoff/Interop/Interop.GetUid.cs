using System.Runtime.InteropServices;

namespace StickyActors.Handoff.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "getuid")]
    internal static partial uint GetUid();
}
