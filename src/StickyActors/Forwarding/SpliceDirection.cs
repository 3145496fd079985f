using System.Runtime.InteropServices;
using StickyActors.Interop;

namespace StickyActors.Forwarding;

/// <summary>
/// One direction of a relayed pair: source socket → pipe → target socket with splice(2), all in the
/// kernel. When the source reads EOF and the pipe is drained, the target gets shutdown(SHUT_WR) and
/// the direction is finished; the other direction goes on (half-close). <see cref="TryRelayOnce"/>
/// is the level-triggered step for whole small messages, <see cref="Pump"/> the edge-triggered loop.
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

    /// <summary>
    /// The level-triggered step for a source that reported input while the pipe is empty: one splice
    /// in, one out, and no probe for EAGAIN after them (a level-triggered source reports again if
    /// anything is left). Returns true when that settled the direction (the pipe is empty again, or
    /// the source had nothing); false on EOF or when the target took less than all, for the caller to
    /// go on with <see cref="Pump"/>. <paramref name="errno"/> is 0, or what broke the direction.
    /// </summary>
    public bool TryRelayOnce(out long delivered, out int errno)
    {
        delivered = 0;
        var read = Libc.Splice(source, null, pipeWrite, null, Chunk, Flags);
        if (read < 0)
        {
            return !Broken(out errno);
        }

        if (read == 0)
        {
            _sourceDone = true;
            errno = 0;
            return false;
        }

        _inPipe = read;
        var written = Libc.Splice(pipeRead, null, target, null, (nuint)read, Flags);
        if (written < 0)
        {
            Broken(out errno);
            return false;
        }

        _inPipe -= written;
        delivered = written;
        errno = 0;
        return _inPipe == 0;
    }

    /// <summary>For <see cref="TryRelayOnce"/>: sets <paramref name="errno"/> to what broke the direction, or 0 for "try again later" (EAGAIN, EINTR).</summary>
    private static bool Broken(out int errno)
    {
        var progress = false;
        if (!Failed(ref progress, out errno))
        {
            errno = 0;
        }

        return errno != 0;
    }

    /// <summary>False for "try again later" (EAGAIN; EINTR counts as progress, to retry at once); true with the errno otherwise.</summary>
    private static bool Failed(ref bool progress, out int errno)
    {
        errno = Marshal.GetLastPInvokeError();
        progress |= errno == Libc.EINTR;
        return errno is not (Libc.EAGAIN or Libc.EINTR);
    }
}
