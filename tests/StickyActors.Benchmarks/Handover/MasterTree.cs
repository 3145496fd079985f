using System.Diagnostics;
using System.Globalization;
using StickyActors.Benchmarks.Interop;
using StickyActors.Benchmarks.Measure;

namespace StickyActors.Benchmarks.Handover;

/// <summary>
/// A master this harness caused and did not start itself (the new master of a handover, started by
/// the old one) and its workers, found in /proc by parent pid; stopped by pid, never by name.
/// </summary>
internal static class MasterTree
{
    /// <summary>The pids whose parent is <paramref name="pid"/>.</summary>
    public static int[] ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == pid)
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }

        return [.. children];
    }

    /// <summary>Waits until <paramref name="pid"/> has exited; its Stopwatch timestamp, or 0 after <paramref name="timeout"/>.</summary>
    public static async Task<long> ExitedAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (ProcFs.IsAlive(pid))
        {
            if (clock.Elapsed > timeout)
            {
                return 0;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        return Stopwatch.GetTimestamp();
    }

    /// <summary>SIGTERM to the master, then after <paramref name="grace"/> SIGKILL to it and to every worker it had.</summary>
    public static async Task StopAsync(int masterPid, TimeSpan grace)
    {
        var workers = ChildrenOf(masterPid);
        if (ProcFs.IsAlive(masterPid))
        {
            Libc.Kill(masterPid, Libc.SIGTERM);
            if (await ExitedAsync(masterPid, grace).ConfigureAwait(false) == 0)
            {
                Libc.Kill(masterPid, Libc.SIGKILL);
            }
        }

        foreach (var worker in workers.Where(ProcFs.IsAlive))
        {
            Libc.Kill(worker, Libc.SIGKILL);
        }
    }
}
