using System.Globalization;

namespace StickyActors.IntegrationTests;

/// <summary>Process facts read from /proc.</summary>
internal static class ProcFs
{
    public static bool IsAlive(int pid)
    {
        var stat = Path.Combine("/proc", pid.ToString(CultureInfo.InvariantCulture), "stat");
        try
        {
            // A zombie (state Z) has exited; only its parent has not reaped it yet.
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent && fields[0] != "Z")
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
        }

        return children;
    }
}
