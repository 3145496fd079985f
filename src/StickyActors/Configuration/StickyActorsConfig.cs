using Akka.Configuration;

namespace StickyActors.Configuration;

/// <summary>
/// Builds the HOCON configuration StickyActors runs on: a deployment's overrides on top of the
/// embedded reference configuration (<c>hocon/reference.conf</c>).
/// </summary>
public static class StickyActorsConfig
{
    private const string ResourceName = "StickyActors.reference.conf";
    private static readonly Lazy<Config> s_reference = new(LoadReference);

    /// <summary>The embedded reference configuration: every default, nothing overridden.</summary>
    public static Config Reference => s_reference.Value;

    /// <summary>The defaults, with nothing overridden.</summary>
    public static Config Default => Reference;

    /// <summary>
    /// Parses <paramref name="hocon"/> and lays it over the defaults. Text that is not HOCON (for
    /// example cut off mid-object) throws <see cref="StickyActorsConfigurationException"/> naming the parse error.
    /// </summary>
    /// <param name="hocon">HOCON text, for example <c>sticky-actors.workers.count = 4</c>.</param>
    public static Config FromHocon(string hocon)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        if (HoconTextCheck.FindTruncation(hocon) is { } truncation)
        {
            throw new StickyActorsConfigurationException([$"the HOCON text cannot be parsed: {truncation}"]);
        }

        Config parsed;
        try
        {
            parsed = ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new StickyActorsConfigurationException([$"the HOCON text cannot be parsed: {e.Message}"]);
        }

        return parsed.WithFallback(Reference);
    }

    /// <summary>Reads the HOCON file at <paramref name="path"/> and lays it over the defaults.</summary>
    /// <param name="path">Path of a HOCON file.</param>
    public static Config FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new StickyActorsConfigurationException([$"configuration file '{path}' does not exist"]);
        }

        return FromHocon(File.ReadAllText(path));
    }

    /// <summary>Lays <paramref name="config"/> over the defaults (a no-op when it already has them).</summary>
    /// <param name="config">A configuration from any source.</param>
    public static Config WithDefaults(Config? config) =>
        config is null || config.IsEmpty || ReferenceEquals(config, Reference) ? Reference : config.WithFallback(Reference);

    private static Config LoadReference()
    {
        using var stream = typeof(StickyActorsConfig).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
