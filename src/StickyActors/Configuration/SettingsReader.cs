using System.Globalization;
using System.Net;
using Akka.Configuration;

namespace StickyActors.Configuration;

/// <summary>Reads keys under <c>sticky-actors</c>, collecting a problem per bad key instead of throwing.</summary>
internal sealed class SettingsReader(Config root)
{
    internal const string Section = "sticky-actors";

    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public void Problem(string key, string message) => _problems.Add($"{Section}.{key}: {message}");

    public bool HasProblem(string key) => _problems.Exists(p => p.StartsWith($"{Section}.{key}:", StringComparison.Ordinal));

    public void ThrowIfAnyProblem()
    {
        if (_problems.Count > 0)
        {
            throw new StickyActorsConfigurationException(_problems.ToArray());
        }
    }

    public void RejectUnknownKeys(Config reference)
    {
        var known = new HashSet<string>(LeafKeys(reference.GetConfig(Section)), StringComparer.Ordinal);
        var section = root.GetConfig(Section);
        if (section is null || section.IsEmpty)
        {
            return;
        }

        foreach (var key in LeafKeys(section))
        {
            if (!known.Contains(key))
            {
                Problem(key, "is not a StickyActors setting (see hocon/reference.conf)");
            }
        }
    }

    public int Int(string key, int min, int max) =>
        Read(key, 0, raw => long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
                ? (int)value
                : throw new FormatException($"must be a whole number from {min} to {max}, was '{raw}'"));

    public ulong UInt64(string key) =>
        Read(key, 0UL, raw => ulong.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"must be a whole number from 0 to {ulong.MaxValue}, was '{raw}'"));

    public double Double(string key, double min, double max) =>
        Read(key, 0d, raw => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
                ? value
                : throw new FormatException($"must be a number from {min} to {max}, was '{raw}'"));

    public TimeSpan Duration(string key, bool allowZero = false) =>
        Read(key, TimeSpan.Zero, _ =>
        {
            var value = root.GetTimeSpan($"{Section}.{key}", null, allowInfinite: false);
            return value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero)
                ? throw new FormatException($"must be a {(allowZero ? "non-negative" : "positive")} duration such as 500ms or 30s")
                : value;
        });

    public bool Bool(string key) =>
        Read(key, false, raw => raw.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw new FormatException($"must be on or off, was '{raw}'"),
        });

    public string String(string key, bool allowEmpty) =>
        Read(key, string.Empty, raw => allowEmpty || raw.Length > 0 ? raw : throw new FormatException("must not be empty"));

    public IReadOnlyList<string> StringList(string key)
    {
        try
        {
            return root.GetStringList($"{Section}.{key}").ToArray();
        }
        catch (Exception e)
        {
            Problem(key, $"must be a list of strings ({e.Message})");
            return [];
        }
    }

    /// <summary>Reads a kebab-case value (<c>client-ip</c>) as the enum member (<c>ClientIp</c>).</summary>
    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, System.Enum =>
        Read(key, fallback, raw => System.Enum.TryParse<TEnum>(raw.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) && !raw.Any(char.IsDigit)
                ? value
                : throw new FormatException($"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Kebab))}, was '{raw}'"));

    public IReadOnlyList<IPNetwork> Networks(string key)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in StringList(key))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                Problem(key, $"'{entry}' is not a network in CIDR form such as 10.0.0.0/8 or 2001:db8::/32");
            }
        }

        return networks;
    }

    public IPAddress Address(string key) =>
        Read(key, IPAddress.IPv6Any, raw => IPAddress.TryParse(raw, out var address)
            ? address
            : throw new FormatException($"must be an IPv4 or IPv6 address such as :: or 127.0.0.1, was '{raw}'"));

    public string LoopbackHost(string key) =>
        Read(key, "127.0.0.1", raw => IPAddress.TryParse(raw, out var address) && IPAddress.IsLoopback(address)
            ? raw
            : throw new FormatException($"must be a loopback address (127.0.0.0/8 or ::1): the control plane never listens beyond this machine; was '{raw}'"));

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private T Read<T>(string key, T fallback, Func<string, T> parse)
    {
        var path = $"{Section}.{key}";
        try
        {
            if (!root.HasPath(path))
            {
                Problem(key, "is missing");
                return fallback;
            }

            return parse(root.GetString(path) ?? string.Empty);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or InvalidCastException or OverflowException)
        {
            Problem(key, e.Message);
            return fallback;
        }
    }

    /// <summary>Every leaf key of <paramref name="config"/>, dotted (<c>listen.port</c>).</summary>
    internal static IEnumerable<string> LeafKeys(Config config, string prefix = "")
    {
        foreach (var (key, value) in config.AsEnumerable())
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            if (value is not null && value.IsObject() && config.GetConfig(key) is { } child)
            {
                foreach (var leaf in LeafKeys(child, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
