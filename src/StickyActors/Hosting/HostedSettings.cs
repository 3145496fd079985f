using StickyActors.Configuration;

namespace StickyActors.Hosting;

/// <summary>
/// The settings of a hosted application, read once from its <see cref="StickyActorsOptions"/>:
/// the configuration section's binding problems and the HOCON problems end in one error.
/// </summary>
internal sealed class HostedSettings(StickyActorsOptions options, IReadOnlyList<string> bindingProblems)
{
    private readonly Lazy<(StickyActorsSettings? Settings, StickyActorsConfigurationException? Error)> _result = new(() => Read(options, bindingProblems));

    /// <summary>The settings, or null when they are invalid (<see cref="Settings"/> then says why).</summary>
    public StickyActorsSettings? ValidOrNull => _result.Value.Settings;

    /// <summary>The settings; throws <see cref="StickyActorsConfigurationException"/> naming every problem.</summary>
    public StickyActorsSettings Settings => _result.Value.Settings ?? throw _result.Value.Error!;

    private static (StickyActorsSettings?, StickyActorsConfigurationException?) Read(StickyActorsOptions options, IReadOnlyList<string> bindingProblems)
    {
        List<string> problems = [.. bindingProblems];
        try
        {
            var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon(options.ToString()));
            if (problems.Count == 0)
            {
                return (settings, null);
            }
        }
        catch (StickyActorsConfigurationException e)
        {
            problems.AddRange(e.Problems);
        }

        return (null, new StickyActorsConfigurationException(problems));
    }
}
