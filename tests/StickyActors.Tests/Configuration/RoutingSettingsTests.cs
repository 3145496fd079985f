using StickyActors.Configuration;

namespace StickyActors.Tests.Configuration;

public sealed class RoutingSettingsTests
{
    [Fact]
    public void Create_InterimRuleAndWaits_AreRead()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.routing {
              on-worker-loss = interim
              replacement-wait = 0s
              max-interim = 2m
              session-report-delay = 100ms
            }
            """));

        Assert.Equal(WorkerLossRule.Interim, settings.Routing.OnWorkerLoss);
        Assert.Equal(TimeSpan.Zero, settings.Routing.ReplacementWait);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.Routing.MaxInterim);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.Routing.SessionReportDelay);
    }

    [Fact]
    public void Create_BadRoutingRuleKeys_OneErrorNamesEach()
    {
        var config = StickyActorsConfig.FromHocon("""
            sticky-actors.routing {
              on-worker-loss = sometimes
              replacement-wait = "soon"
              max-interim = 0s
              session-report-delay = -1s
            }
            """);

        var error = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(config));

        foreach (var key in new[] { "on-worker-loss", "replacement-wait", "max-interim", "session-report-delay" })
        {
            Assert.Contains(error.Problems, p => p.StartsWith("sticky-actors.routing." + key + ":", StringComparison.Ordinal));
        }

        Assert.Contains("wait, interim", error.Message, StringComparison.Ordinal);
    }
}
