using System.Globalization;
using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Measure;

/// <summary>Reads another process's CPU time and resident memory from /proc.</summary>
internal static class ProcFs
{
    private static readonly double TicksPerSecond = Math.Max(1, Libc.Sysconf(Libc.SC_CLK_TCK));

    /// <summary>The 1, 5 and 15 minute load averages of /proc/loadavg, as text.</summary>
    public static string LoadAverage() =>
        string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3));

    /// <summary>utime + stime of <paramref name="pid"/> (fields 14 and 15 of /proc/pid/stat), in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = Read($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    /// <summary>VmRSS of <paramref name="pid"/> from /proc/pid/status, in bytes.</summary>
    public static long RssBytes(int pid)
    {
        foreach (var line in Read($"/proc/{pid}/status").Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS for pid {pid}.");
    }

    /// <summary>Whether <paramref name="pid"/> exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..] is var rest && !rest.StartsWith('Z') && !rest.StartsWith('X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Cannot read {path}: the process is gone.", e);
        }
    }
}
