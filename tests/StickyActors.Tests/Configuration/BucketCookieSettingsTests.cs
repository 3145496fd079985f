using StickyActors.Configuration;

namespace StickyActors.Tests.Configuration;

public sealed class BucketCookieSettingsTests
{
    [Fact]
    public void Create_BucketCookieWithNameAndLifetime_ReadsThem()
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.affinity { key = bucket-cookie, name = sa, cookie-lifetime = 1d }
            """));

        Assert.Equal(AffinityKeySource.BucketCookie, settings.Affinity.Key);
        Assert.Equal("sa", settings.Affinity.Name);
        Assert.Equal(TimeSpan.FromDays(1), settings.Affinity.CookieLifetime);
        Assert.True(settings.Affinity.NeedsPreamble);
    }

    [Fact]
    public void Create_BucketCookieWithoutNameAndBadLifetime_NamesBothKeys()
    {
        var bad = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.affinity { key = bucket-cookie, cookie-lifetime = -5s }
            """)));

        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.affinity.name:", StringComparison.Ordinal) && p.Contains("must name the cookie", StringComparison.Ordinal));
        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.affinity.cookie-lifetime:", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_UnknownKeySource_ListsBucketCookieAmongTheChoices()
    {
        var bad = Assert.Throws<StickyActorsConfigurationException>(() => StickyActorsSettings.Create(StickyActorsConfig.FromHocon("""
            sticky-actors.affinity.key = cookies
            """)));

        Assert.Contains(bad.Problems, p => p.StartsWith("sticky-actors.affinity.key:", StringComparison.Ordinal) && p.Contains("bucket-cookie", StringComparison.Ordinal));
    }
}
