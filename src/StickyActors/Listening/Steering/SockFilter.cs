using System.Runtime.InteropServices;

namespace StickyActors.Listening.Steering;

/// <summary>One classic BPF instruction, laid out as the kernel's <c>struct sock_filter</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct SockFilter(ushort Code, byte JumpTrue, byte JumpFalse, uint K);
