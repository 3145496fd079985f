using System.Globalization;

namespace StickyActors.TestSupport;

/// <summary>Process facts read from /proc/PID/stat.</summary>
public static class ProcFs
{
    /// <summary>True while the process runs; a zombie (exited, not yet reaped) is not alive.</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    /// <summary>Every live process whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var pid in AllPids())
        {
            if (Stat(pid) is { } fields && fields[0] != "Z" && int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>Every live descendant of <paramref name="root"/> (children, their children, ...).</summary>
    public static IReadOnlyList<int> DescendantsOf(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var pid in AllPids())
        {
            if (Stat(pid) is { } fields && fields[0] != "Z")
            {
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!parents.TryGetValue(parent, out var list))
                {
                    parents[parent] = list = [];
                }

                list.Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var next))
        {
            foreach (var child in parents.GetValueOrDefault(next) ?? [])
            {
                found.Add(child);
                pending.Push(child);
            }
        }

        return found;
    }

    /// <summary>When the process started, in clock ticks since boot; null when it is gone.</summary>
    public static long? StartTicks(int pid) =>
        Stat(pid) is { } fields ? long.Parse(fields[19], CultureInfo.InvariantCulture) : null;

    /// <summary>User plus system CPU time the process has used, in seconds; null when it is gone.</summary>
    public static double? CpuSeconds(int pid) =>
        Stat(pid) is { } fields
            ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0
            : null;

    /// <summary>The fields of /proc/PID/stat after the command name (state first), or null when the process is gone.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "stat"));
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static IEnumerable<int> AllPids()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }
}
