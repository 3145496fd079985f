using System.Text;
using Akka.Configuration;
using StickyActors.Configuration;

namespace StickyActors.EchoApp;

/// <summary>
/// The command line: <c>--config FILE</c>, <c>--port N</c>, <c>--workers N</c>, <c>--address IP</c>
/// (as the Hello sample's). Flags win over the file, the file over the built-in defaults.
/// </summary>
internal static class EchoConfig
{
    /// <summary>The value after <paramref name="flag"/> on the command line, or null.</summary>
    public static string? Flag(string[] args, string flag)
    {
        var at = Array.IndexOf(args, flag);
        return at >= 0 && at < args.Length - 1 ? args[at + 1] : null;
    }

    public static Config FromArgs(string[] args)
    {
        var overrides = new StringBuilder();
        Config? file = null;
        for (var i = 0; i < args.Length - 1; i++)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--config":
                    file = StickyActorsConfig.FromFile(value);
                    break;
                case "--port":
                    overrides.AppendLine($"sticky-actors.listen.port = {value}");
                    break;
                case "--workers":
                    overrides.AppendLine($"sticky-actors.workers.count = {value}");
                    break;
                case "--address":
                    overrides.AppendLine($"sticky-actors.listen.address = \"{value}\"");
                    break;
            }
        }

        var config = ConfigurationFactory.ParseString(overrides.ToString());
        return file is null ? StickyActorsConfig.WithDefaults(config) : config.WithFallback(file);
    }
}
