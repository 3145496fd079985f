using System.Reflection;
using Akka.Configuration;
using StickyActors.Configuration;
using StickyActors.Hosting;

namespace StickyActors.Tests.Hosting;

/// <summary>
/// <see cref="StickyActorsOptions"/> and <c>hocon/reference.conf</c> cannot drift: every key of the
/// reference file has exactly one option, and every option writes a key of the reference file.
/// </summary>
public sealed class StickyActorsOptionsCoverageTests
{
    [Fact]
    public void Options_EveryPropertySet_WriteEveryKeyOfTheReferenceFileOnce()
    {
        var options = new StickyActorsOptions();
        var properties = OptionProperties();
        foreach (var property in properties)
        {
            property.SetValue(options, Sample(property.PropertyType));
        }

        var written = LeafKeys(ConfigurationFactory.ParseString(options.ToString()));
        var reference = LeafKeys(StickyActorsConfig.Reference);

        Assert.Equal(reference.Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        Assert.Equal(properties.Length, written.Count);
    }

    [Fact]
    public void Options_EachPropertyAlone_WritesOneKeyOfTheReferenceFile()
    {
        var reference = LeafKeys(StickyActorsConfig.Reference);

        foreach (var property in OptionProperties())
        {
            var options = new StickyActorsOptions();
            property.SetValue(options, Sample(property.PropertyType));

            var key = Assert.Single(LeafKeys(ConfigurationFactory.ParseString(options.ToString())));
            Assert.True(reference.Contains(key), $"{property.Name} writes {key}, which hocon/reference.conf does not have");
        }
    }

    private static PropertyInfo[] OptionProperties() =>
        typeof(StickyActorsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.Name != nameof(StickyActorsOptions.Hocon))
            .ToArray();

    private static HashSet<string> LeafKeys(Config config) =>
        SettingsReader.LeafKeys(config.GetConfig(SettingsReader.Section)).ToHashSet(StringComparer.Ordinal);

    private static object Sample(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target switch
        {
            _ when target == typeof(int) => 1,
            _ when target == typeof(bool) => true,
            _ when target == typeof(ulong) => 2UL,
            _ when target == typeof(double) => 0.5,
            _ when target == typeof(TimeSpan) => TimeSpan.FromSeconds(1),
            _ when target == typeof(string) => "x",
            _ when target == typeof(IList<string>) => new List<string> { "a" },
            _ when target.IsEnum => Enum.GetValues(target).GetValue(1)!,
            _ => throw new InvalidOperationException($"No sample for {target}: teach this test the option's type."),
        };
    }
}
