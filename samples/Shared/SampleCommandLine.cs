using System.Text;
using Akka.Configuration;
using StickyActors.Configuration;

/// <summary>
/// The samples' command line: <c>--config FILE</c>, <c>--port N</c>, <c>--workers N</c>,
/// <c>--address IP</c>, <c>--steering MODE</c>, and the flags a sample adds. Flags win over the file, the file over the
/// built-in defaults. An unknown flag or a flag without its value prints the usage and fails;
/// <c>--help</c> prints it. (Arguments of the form <c>--Section:Key=value</c> are left to ASP.NET.)
/// </summary>
internal sealed class SampleCommandLine
{
    private static readonly (string Flag, string Value, string Help)[] s_common =
    [
        ("--config", "FILE", "HOCON file laid over the defaults (hocon/reference.conf)"),
        ("--port", "N", "TCP port the master binds; 0 picks a free one"),
        ("--workers", "N", "worker processes; 0 means one per processor"),
        ("--address", "IP", "address the master binds, such as 127.0.0.1 or ::"),
        ("--steering", "MODE", "who picks each connection's worker: auto (default), kernel or master"),
        ("--affinity-cookie", "NAME", "route on the affinity cookie NAME the workers set (many clients behind one address)"),
    ];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private SampleCommandLine(Config config) => Config = config;

    /// <summary>The HOCON configuration the flags ask for, over the defaults.</summary>
    public Config Config { get; private set; }

    /// <summary>The value of a sample's own flag, or null when absent.</summary>
    public string? this[string flag] => _values.GetValueOrDefault(flag);

    /// <summary>
    /// Reads <paramref name="args"/>; null after printing the usage (then <paramref name="exitCode"/>
    /// is 0 for <c>--help</c>, 2 for a bad command line).
    /// </summary>
    public static SampleCommandLine? Parse(string[] args, string program, IReadOnlyList<(string Flag, string Value, string Help)> extra, out int exitCode)
    {
        exitCode = 0;
        var overrides = new StringBuilder();
        Config? file = null;
        var line = new SampleCommandLine(StickyActorsConfig.Default);
        for (var i = 0; i < args.Length; i++)
        {
            var flag = args[i];
            if (flag is "--help" or "-h")
            {
                Console.Out.WriteLine(Usage(program, extra));
                return null;
            }

            if (flag.Contains(':', StringComparison.Ordinal) && flag.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var known = s_common.Any(f => f.Flag == flag) || extra.Any(f => f.Flag == flag);
            if (!known || i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine(known ? $"{program}: {flag} needs a value" : $"{program}: unknown argument '{flag}'");
                Console.Error.WriteLine(Usage(program, extra));
                exitCode = 2;
                return null;
            }

            var value = args[++i];
            switch (flag)
            {
                case "--config":
                    file = StickyActorsConfig.FromFile(value);
                    break;
                case "--port":
                    overrides.AppendLine($"sticky-actors.listen.port = \"{value}\"");
                    break;
                case "--workers":
                    overrides.AppendLine($"sticky-actors.workers.count = \"{value}\"");
                    break;
                case "--address":
                    overrides.AppendLine($"sticky-actors.listen.address = \"{value}\"");
                    break;
                case "--steering":
                    overrides.AppendLine($"sticky-actors.listen.steering = \"{value}\"");
                    break;
                case "--affinity-cookie":
                    overrides.AppendLine($"sticky-actors.affinity {{ key = bucket-cookie, name = \"{value}\" }}");
                    break;
                default:
                    line._values[flag] = value;
                    break;
            }
        }

        var config = ConfigurationFactory.ParseString(overrides.ToString());
        line.Config = file is null ? StickyActorsConfig.WithDefaults(config) : config.WithFallback(file);
        return line;
    }

    private static string Usage(string program, IReadOnlyList<(string Flag, string Value, string Help)> extra)
    {
        var usage = new StringBuilder($"usage: {program} [flags]   |   {program} status [MASTER-PID]").AppendLine();
        foreach (var (flag, value, help) in s_common.Concat(extra))
        {
            usage.AppendLine($"  {flag + " " + value,-26} {help}");
        }

        return usage.Append("  --help                     print this").ToString();
    }
}
