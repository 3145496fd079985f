using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StickyActors.Configuration;
using StickyActors.Hosting;

namespace StickyActors.Tests.Hosting;

/// <summary>The <c>StickyActors</c> section binds every good key and names every bad one, with the HOCON problems, in one error.</summary>
public sealed class StickyActorsOptionsBinderTests
{
    [Fact]
    public void AddStickyActors_TypeErrorsUnknownKeysAndBadValues_OneErrorNamingEach()
    {
        var error = Assert.Throws<StickyActorsConfigurationException>(() => Settings(new Dictionary<string, string?>
        {
            ["StickyActors:Port"] = "abc",
            ["StickyActors:WorkerCount"] = "-1",
            ["StickyActors:Backlog"] = "zero",
            ["StickyActors:WorkerCont"] = "1",
            ["StickyActors:Address"] = "127.0.0.1",
        }));

        Assert.Equal(5, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("StickyActors:Port: must be a whole number, was 'abc'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("StickyActors:Backlog: must be a whole number, was 'zero'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("StickyActors:WorkerCont: is not a StickyActors option (did you mean WorkerCount?)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("StickyActors:Address: is not a StickyActors option (did you mean ListenAddress?)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.workers.count:", StringComparison.Ordinal));
    }

    [Fact]
    public void AddStickyActors_EveryKindOfValue_Binds()
    {
        var settings = Settings(new Dictionary<string, string?>
        {
            ["StickyActors:port"] = "0",
            ["StickyActors:WorkerCount"] = "2",
            ["StickyActors:WorkerShutdownTimeout"] = "00:00:07",
            ["StickyActors:PreambleTimeout"] = "1500ms",
            ["StickyActors:HashSeed"] = "18446744073709551615",
            ["StickyActors:RestartBackoffRandomFactor"] = "0.5",
            ["StickyActors:ProxyProtocol"] = "optional",
            ["StickyActors:AffinityKey"] = "ip-prefix",
            ["StickyActors:TrustedProxies:0"] = "10.0.0.0/8",
            ["StickyActors:TrustedProxies:1"] = "::1/128",
        });

        Assert.Equal(0, settings.Listen.Port);
        Assert.Equal(2, settings.Workers.Count);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Workers.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.Preamble.Timeout);
        Assert.Equal(ulong.MaxValue, settings.Routing.HashSeed);
        Assert.Equal(0.5, settings.Workers.RestartBackoff.RandomFactor);
        Assert.Equal(ProxyProtocolMode.Optional, settings.Affinity.ProxyProtocol);
        Assert.Equal(AffinityKeySource.IpPrefix, settings.Affinity.Key);
        Assert.Equal(["10.0.0.0/8", "::1/128"], settings.Affinity.TrustedProxies.Select(n => n.ToString()));
    }

    [Fact]
    public void AddStickyActors_BadEnumAndDuration_NamesTheAllowedValues()
    {
        var error = Assert.Throws<StickyActorsConfigurationException>(() => Settings(new Dictionary<string, string?>
        {
            ["StickyActors:AffinityKey"] = "cookies",
            ["StickyActors:NoWorkerTimeout"] = "soon",
        }));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("AffinityKey: must be one of ClientIp, IpPrefix, Header, Cookie, Query", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("NoWorkerTimeout: must be a duration", StringComparison.Ordinal));
    }

    [Fact]
    public void FromHocon_TruncatedText_NamesTheParseError()
    {
        var error = Assert.Throws<StickyActorsConfigurationException>(() =>
            StickyActorsSettings.Create(StickyActorsConfig.FromHocon("sticky-actors { listen { port = 80")));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("the HOCON text cannot be parsed:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AddStickyActors_TruncatedHoconOption_NamesTheParseErrorWithTheOtherProblems()
    {
        var error = Assert.Throws<StickyActorsConfigurationException>(() => Settings(new Dictionary<string, string?>
        {
            ["StickyActors:Hocon"] = "sticky-actors.workers { count = ",
            ["StickyActors:Prot"] = "1",
        }));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("the HOCON text cannot be parsed:", StringComparison.Ordinal));
    }

    private static StickyActorsSettings Settings(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddStickyActors(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<HostedSettings>().Settings;
    }
}
