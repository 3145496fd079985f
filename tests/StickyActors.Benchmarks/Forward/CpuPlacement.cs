using System.Runtime.InteropServices;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// Where the processes of a <c>forward</c> run may run. <see cref="Shared"/>: every process on every
/// core, as the hosts of one machine. <see cref="PerHost"/>: the forwarding host A on the first half
/// of the cores, the owner B and the load generator on the other half, as if A were a machine of its
/// own: what A's relay costs then no longer comes out of the CPU that serves B's clients (the clients
/// and B still share theirs, in both targets alike).
/// </summary>
internal sealed record CpuPlacement(string Name, string Description, ulong ForwarderCpus, ulong OwnerCpus)
{
    private static readonly ulong s_all = Environment.ProcessorCount >= 64 ? ulong.MaxValue : (1UL << Environment.ProcessorCount) - 1;

    public static CpuPlacement Shared { get; } = new("shared", "every process on every core", s_all, s_all);

    public static CpuPlacement PerHost { get; } = PerHostOf(Math.Min(Environment.ProcessorCount, 64));

    public bool IsShared => ForwarderCpus == OwnerCpus;

    /// <summary>Pins every thread of A's master and workers, of B's master and workers, and of this process (the load generator).</summary>
    public void Apply(IEnumerable<int> forwarderPids, IEnumerable<int> ownerPids)
    {
        foreach (var pid in forwarderPids)
        {
            Pin(pid, ForwarderCpus);
        }

        foreach (var pid in ownerPids.Append(Environment.ProcessId))
        {
            Pin(pid, OwnerCpus);
        }
    }

    private static CpuPlacement PerHostOf(int cores)
    {
        var half = Math.Max(1, cores / 2);
        var forwarder = (1UL << half) - 1;
        var owner = s_all & ~forwarder;
        return new("per-host", $"A on CPU {Range(0, half)}; B and the load generator on CPU {Range(half, cores)}", forwarder, owner == 0 ? forwarder : owner);
    }

    private static string Range(int from, int to) => to - from == 1 ? $"{from}" : $"{from}-{to - 1}";

    /// <summary>Every thread of <paramref name="pid"/>: threads started later inherit the mask of the thread that starts them.</summary>
    private static void Pin(int pid, ulong cpus)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"process {pid} is gone; cannot pin it");
        }

        foreach (var task in tasks)
        {
            // A thread that ended between the listing and the call is no error (ESRCH).
            if (Libc.SchedSetAffinity(int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture), sizeof(ulong), cpus) != 0
                && Marshal.GetLastPInvokeError() != Libc.ESRCH)
            {
                throw new InvalidOperationException($"sched_setaffinity({task}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
    }
}
