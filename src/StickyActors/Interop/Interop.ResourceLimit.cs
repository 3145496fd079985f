using System.Runtime.InteropServices;

namespace StickyActors.Interop;

internal static partial class Libc
{
    internal const int RLIMIT_NOFILE = 7;

    [LibraryImport(Name, EntryPoint = "getrlimit", SetLastError = true)]
    internal static partial int GetResourceLimit(int resource, out ResourceLimit limit);

    [LibraryImport(Name, EntryPoint = "setrlimit", SetLastError = true)]
    internal static partial int SetResourceLimit(int resource, in ResourceLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    internal struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }
}
