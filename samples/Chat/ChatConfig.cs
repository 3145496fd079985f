using System.Text;
using Akka.Configuration;
using StickyActors.Configuration;

/// <summary>
/// Reads the sample's command line: <c>--config FILE</c>, <c>--port N</c>, <c>--workers N</c>,
/// <c>--address IP</c>, <c>--affinity-cookie NAME</c> (clients behind one address: route on the
/// affinity cookie NAME that the workers set). Flags win over the file, the file over the built-in defaults.
/// </summary>
internal static class ChatConfig
{
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
                case "--affinity-cookie":
                    overrides.AppendLine($"sticky-actors.affinity {{ key = bucket-cookie, name = \"{value}\" }}");
                    break;
            }
        }

        var config = ConfigurationFactory.ParseString(overrides.ToString());
        return file is null ? StickyActorsConfig.WithDefaults(config) : config.WithFallback(file);
    }
}
