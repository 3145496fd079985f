using StickyActors.Interop;

namespace StickyActors.Master;

/// <summary>What a master does to its own process before it opens anything.</summary>
internal static class ProcessHygiene
{
    /// <summary>
    /// Marks every descriptor above standard error close-on-exec, so descriptors this process
    /// inherited from its own parent never reach a worker (a worker gets exactly its channel end).
    /// </summary>
    public static void MarkInheritedCloseOnExec()
    {
        if (Libc.CloseRange(3, uint.MaxValue, Libc.CLOSE_RANGE_CLOEXEC) == 0)
        {
            return;
        }

        // Kernels before 5.11: walk the descriptor table instead.
        foreach (var entry in Directory.EnumerateFiles("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var fd) && fd > 2)
            {
                var flags = Libc.Fcntl(fd, Libc.F_GETFD, 0);
                if (flags >= 0)
                {
                    _ = Libc.Fcntl(fd, Libc.F_SETFD, flags | Libc.FD_CLOEXEC);
                }
            }
        }
    }

    /// <summary>Raises the soft limit on open descriptors to the hard limit; returns the limit now in force.</summary>
    public static ulong RaiseDescriptorLimit()
    {
        if (Libc.GetResourceLimit(Libc.RLIMIT_NOFILE, out var limit) != 0)
        {
            return 0;
        }

        if (limit.Soft < limit.Hard)
        {
            var raised = limit with { Soft = limit.Hard };
            if (Libc.SetResourceLimit(Libc.RLIMIT_NOFILE, in raised) == 0)
            {
                return raised.Soft;
            }
        }

        return limit.Soft;
    }
}
