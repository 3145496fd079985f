using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Handoff;

/// <summary>Sends one descriptor with a frame in one sendmsg(2) carrying SCM_RIGHTS (blocking).</summary>
internal static class DescriptorSender
{
    /// <summary>0 when the kernel took the message, else the errno.</summary>
    public static unsafe int Send(int channel, int descriptor, ReadOnlySpan<byte> frame)
    {
        var controlLength = Libc.CMsgSpace(sizeof(int));
        var control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        var header = (Libc.CMsgHdr*)control;
        header->Length = (nuint)Libc.CMsgLen(sizeof(int));
        header->Level = Libc.SOL_SOCKET;
        header->Type = Libc.SCM_RIGHTS;
        *(int*)(control + sizeof(Libc.CMsgHdr)) = descriptor;
        fixed (byte* payload = frame)
        {
            var iov = new Libc.IoVec { Base = payload, Length = (nuint)frame.Length };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            while (true)
            {
                if (Libc.SendMsg(channel, &message, Libc.MSG_NOSIGNAL) >= 0)
                {
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.EINTR)
                {
                    return errno;
                }
            }
        }
    }
}
