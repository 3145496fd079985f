using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "setsid", SetLastError = true)]
    internal static partial int SetSid();
}
