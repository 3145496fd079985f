using StickyActors.Master;

namespace StickyActors.Tests.Master;

/// <summary>The one variable a master passes the master it starts in a handover: parsed strictly, then cleared.</summary>
public sealed class HandoverEnvironmentTests
{
    [Theory]
    [InlineData("5,9,1234", new[] { 5 }, false)]
    [InlineData("slots:5:6:7,9,1234", new[] { 5, 6, 7 }, true)]
    [InlineData("slots:5,9,1234", new[] { 5 }, true)]
    public void Take_AValueTheOldMasterWrote_ReadsEveryDescriptorInOrderAndClearsTheVariable(string value, int[] listeners, bool slotGroup)
    {
        Environment.SetEnvironmentVariable(HandoverEnvironment.Variable, value);

        var taken = HandoverEnvironment.Take();

        Assert.NotNull(taken);
        Assert.Equal(listeners, taken.ListenerFds);
        Assert.Equal(slotGroup, taken.SlotGroup);
        Assert.Equal(9, taken.ChannelFd);
        Assert.Equal(1234, taken.PreviousMasterPid);
        Assert.Equal(value, taken.Value);
        Assert.Null(Environment.GetEnvironmentVariable(HandoverEnvironment.Variable));
    }

    [Theory]
    [InlineData("5:6,9,1234")]
    [InlineData("slots:,9,1234")]
    [InlineData("slots:5:2,9,1234")]
    [InlineData("5,1,1234")]
    [InlineData("x,9,1234")]
    public void Take_AMalformedValue_FailsNamingTheVariable(string value)
    {
        Environment.SetEnvironmentVariable(HandoverEnvironment.Variable, value);

        var error = Assert.Throws<IOException>(HandoverEnvironment.Take);

        Assert.Contains(HandoverEnvironment.Variable, error.Message, StringComparison.Ordinal);
        Assert.Null(Environment.GetEnvironmentVariable(HandoverEnvironment.Variable));
    }

    [Fact]
    public void Take_NoVariable_IsNoHandover()
    {
        Environment.SetEnvironmentVariable(HandoverEnvironment.Variable, null);

        Assert.Null(HandoverEnvironment.Take());
    }
}
