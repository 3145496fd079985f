using System.Runtime.InteropServices;
using System.Text.Json;
using StickyActors.Benchmarks.Load;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// The settings the <c>faults</c> and <c>handover</c> commands share: the Hello cluster they start
/// and the tracked connection-per-request load they drive at it.
/// </summary>
internal sealed record TrackedLoadOptions(int Workers, int Connections, int Sources, TimeSpan RequestTimeout, TimeSpan ReadyTimeout, string HelloDll)
{
    public static TrackedLoadOptions From(CliArguments line) => new(
        Workers: line.Int("workers", 2),
        Connections: line.Int("connections", 32),
        Sources: line.Int("sources", 508),
        RequestTimeout: TimeSpan.FromSeconds(line.Double("request-timeout", 5)),
        ReadyTimeout: TimeSpan.FromSeconds(line.Double("ready-timeout", 60)),
        HelloDll: line.String("hello", ServerLauncher.DefaultHelloDll));

    /// <summary>The report's description of the load, e.g. "32 concurrent connection-per-request GETs from … (508 sources), request timeout 5 s".</summary>
    public string Describe(SourceAddresses sources) =>
        $"{Connections} concurrent connection-per-request GETs from {sources.FirstText}..{sources.LastText} ({sources.Count} sources), request timeout {RequestTimeout.TotalSeconds:0.#} s";

    /// <summary>Adds a problem for each bad setting; <paramref name="maxSources"/> leaves room for addresses a command uses beside the load's.</summary>
    public void Validate(List<string> problems, int maxSources = 254 * 254)
    {
        if (Workers is < 1 or > 64) problems.Add("--workers must be 1..64");
        if (Connections is < 1 or > 4096) problems.Add("--connections must be 1..4096");
        if (Sources < 1 || Sources > maxSources) problems.Add($"--sources must be 1..{maxSources}");
        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(1)) problems.Add("--request-timeout must be in (0, 60]");
        if (ReadyTimeout <= TimeSpan.Zero || ReadyTimeout > TimeSpan.FromMinutes(10)) problems.Add("--ready-timeout must be in (0, 600]");
    }

    /// <summary>The JSON fields every report starts with: date, machine, cluster and load.</summary>
    public void WriteJson(Utf8JsonWriter json, DateTimeOffset started, SourceAddresses sources)
    {
        json.WriteString("date", started);
        json.WriteNumber("cores", Environment.ProcessorCount);
        json.WriteNumber("workers", Workers);
        json.WriteNumber("connections", Connections);
        json.WriteNumber("sources", sources.Count);
        json.WriteNumber("requestTimeoutSeconds", RequestTimeout.TotalSeconds);
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
    }
}
