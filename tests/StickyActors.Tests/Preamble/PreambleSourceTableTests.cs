using System.Net;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class PreambleSourceTableTests
{
    [Fact]
    public void TryTake_OneSourceAtItsBound_IsRefusedWhileOthersAreNot()
    {
        var table = new PreambleSourceTable(3);
        var attacker = Source("127.0.0.2");

        var taken = Enumerable.Range(0, 5).Count(_ => table.TryTake(attacker));

        Assert.Equal(3, taken);
        Assert.True(table.TryTake(Source("127.0.0.3")));
        Assert.True(table.TryTake(Source("198.51.100.2")));
        Assert.Equal(3, table.Sources);
    }

    [Fact]
    public void Release_AfterTheBound_FreesOneSlotAndForgetsAnEmptySource()
    {
        var table = new PreambleSourceTable(2);
        var source = Source("127.0.0.2");
        Assert.True(table.TryTake(source));
        Assert.True(table.TryTake(source));
        Assert.False(table.TryTake(source));

        table.Release(source);

        Assert.True(table.TryTake(source));
        table.Release(source);
        table.Release(source);
        table.Release(source);
        Assert.Equal(0, table.Sources);
        Assert.True(table.TryTake(source));
    }

    [Fact]
    public void Of_Ipv6_GroupsBySlash64AndNeverMatchesAnIpv4Address()
    {
        var table = new PreambleSourceTable(2);

        Assert.True(table.TryTake(Source("2001:db8:1:2::1")));
        Assert.True(table.TryTake(Source("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        Assert.False(table.TryTake(Source("2001:db8:1:2::7")));
        Assert.True(table.TryTake(Source("2001:db8:1:3::1")));
        Assert.NotEqual(PreambleSource.Of(Address("::1")), PreambleSource.Of(Address("0.0.0.1")));
        Assert.Equal(PreambleSource.Of(Address("::ffff:192.0.2.1")), PreambleSource.Of(Address("192.0.2.1")));
    }

    [Fact]
    public void TryTakeAndRelease_ManyThreads_EndsEmptyAndNeverOverTheBound()
    {
        var table = new PreambleSourceTable(4);
        var source = Source("127.0.0.2");
        var held = 0;
        var over = 0;

        Parallel.For(0, 40_000, _ =>
        {
            if (!table.TryTake(source))
            {
                return;
            }

            if (Interlocked.Increment(ref held) > 4)
            {
                Interlocked.Increment(ref over);
            }

            Interlocked.Decrement(ref held);
            table.Release(source);
        });

        Assert.Equal(0, over);
        Assert.Equal(0, table.Sources);
    }

    [Theory]
    [InlineData("", 64)]
    [InlineData("sticky-actors.preamble.max-pending = 100", 6)]
    [InlineData("sticky-actors.preamble.max-pending = 10", 1)]
    [InlineData("sticky-actors.preamble.max-pending-per-source = 7", 7)]
    public void Settings_PerSourceBound_DefaultsToASixteenthOfThePool(string hocon, int expected)
    {
        var settings = StickyActorsSettings.Create(StickyActorsConfig.FromHocon(hocon));

        Assert.Equal(expected, settings.Preamble.MaxPendingPerSource);
    }

    private static PreambleSource Source(string address) => PreambleSource.Of(Address(address));

    private static ClientAddress Address(string address) => ClientAddress.FromEndPoint(new IPEndPoint(IPAddress.Parse(address), 1));
}
