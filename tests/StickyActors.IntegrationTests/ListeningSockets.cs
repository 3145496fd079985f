using System.Globalization;
using System.Net;

namespace StickyActors.IntegrationTests;

/// <summary>The TCP sockets a process listens on, from /proc/PID/fd and /proc/net/tcp{,6}.</summary>
internal static class ListeningSockets
{
    public static IReadOnlyList<IPEndPoint> Of(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        return Table("/proc/net/tcp", v6: false).Concat(Table("/proc/net/tcp6", v6: true))
            .Where(row => inodes.Contains(row.Inode))
            .Select(row => row.Local)
            .ToArray();
    }

    private static IEnumerable<(IPEndPoint Local, string Inode)> Table(string path, bool v6)
    {
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[3] != "0A")
            {
                continue;
            }

            var (hex, port) = (fields[1].Split(':')[0], fields[1].Split(':')[1]);
            yield return (new IPEndPoint(ParseAddress(hex, v6), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture)), fields[9]);
        }
    }

    private static IPAddress ParseAddress(string hex, bool v6)
    {
        // The kernel prints each 32-bit word in host (little-endian) order.
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        var address = new IPAddress(bytes);
        return v6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
