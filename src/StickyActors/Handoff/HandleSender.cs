using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Handoff;

/// <summary>Sends a batch of descriptors with their frame in one sendmsg(2) carrying SCM_RIGHTS.</summary>
internal static class HandleSender
{
    /// <summary>Returns 0 when the kernel took the whole message, otherwise the errno.</summary>
    public static unsafe int Send(int socket, ReadOnlySpan<AcceptedConnection> batch, Span<byte> buffer, bool dontWait)
    {
        var length = HandoffFrame.Encode(batch, buffer);
        var controlLength = Libc.CMsgSpace(sizeof(int) * batch.Length);
        var control = stackalloc byte[controlLength];
        new Span<byte>(control, controlLength).Clear();
        var header = (Libc.CMsgHdr*)control;
        header->Length = (nuint)Libc.CMsgLen(sizeof(int) * batch.Length);
        header->Level = Libc.SOL_SOCKET;
        header->Type = Libc.SCM_RIGHTS;
        var fds = (int*)(control + sizeof(Libc.CMsgHdr));
        for (var i = 0; i < batch.Length; i++)
        {
            fds[i] = batch[i].Descriptor.Number;
        }

        fixed (byte* payload = buffer)
        {
            var iov = new Libc.IoVec { Base = payload, Length = (nuint)length };
            var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = (nuint)controlLength };
            var flags = Libc.MSG_NOSIGNAL | (dontWait ? Libc.MSG_DONTWAIT : 0);
            while (true)
            {
                if (Libc.SendMsg(socket, &message, flags) >= 0)
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

    public static bool IsWouldBlock(int errno) => errno is Libc.EAGAIN or Libc.ENOBUFS or Libc.ENOMEM;
}
