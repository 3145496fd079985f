using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>
/// One direction of a relayed pair: source socket → pipe → target socket with splice(2), all in the
/// kernel. When the source reads EOF and the pipe is drained, the target gets shutdown(SHUT_WR) and
/// the direction is finished; the other direction goes on (half-close).
/// </summary>
internal sealed unsafe class SpliceDirection(int source, int target, int pipeRead, int pipeWrite)
{
    private const nuint Chunk = 1 << 20;
    private const uint Flags = Libc.SPLICE_F_MOVE | Libc.SPLICE_F_NONBLOCK;

    private long _inPipe;
    private bool _sourceDone;

    public bool Finished { get; private set; }

    /// <summary>
    /// Moves bytes until the source has none, the target takes none, or the direction finished;
    /// <paramref name="delivered"/> counts what reached the target. Returns 0, or the errno that
    /// broke the direction (ECONNRESET, EPIPE, …).
    /// </summary>
    public int Pump(out long delivered)
    {
        delivered = 0;
        while (!Finished)
        {
            var progress = false;
            if (!_sourceDone)
            {
                var read = Libc.Splice(source, null, pipeWrite, null, Chunk, Flags);
                if (read > 0)
                {
                    _inPipe += read;
                    progress = true;
                }
                else if (read == 0)
                {
                    _sourceDone = true;
                    progress = true;
                }
                else if (Failed(ref progress, out var errno))
                {
                    return errno;
                }
            }

            if (_inPipe > 0)
            {
                var written = Libc.Splice(pipeRead, null, target, null, (nuint)_inPipe, Flags);
                if (written > 0)
                {
                    _inPipe -= written;
                    delivered += written;
                    progress = true;
                }
                else if (Failed(ref progress, out var errno))
                {
                    return errno;
                }
            }

            if (_sourceDone && _inPipe == 0)
            {
                Libc.Shutdown(target, Libc.SHUT_WR);
                Finished = true;
            }
            else if (!progress)
            {
                return 0;
            }
        }

        return 0;
    }

    /// <summary>False for "try again later" (EAGAIN; EINTR counts as progress, to retry at once); true with the errno otherwise.</summary>
    private static bool Failed(ref bool progress, out int errno)
    {
        errno = Marshal.GetLastPInvokeError();
        progress |= errno == Libc.EINTR;
        return errno is not (Libc.EAGAIN or Libc.EINTR);
    }
}
