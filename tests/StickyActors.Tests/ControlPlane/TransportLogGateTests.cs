using Microsoft.Extensions.Logging;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

public sealed class TransportLogGateTests
{
    [Fact]
    public void Admit_ManyLinesInOneSecond_OneWrittenThenTheNextCarriesTheHeldCount()
    {
        using var gate = new TransportLogGate(LoggerFactory.Create(_ => { }));

        Assert.True(gate.Admit(LogLevel.Error, 10_000, out var first));
        var admitted = Enumerable.Range(1, 500).Count(i => gate.Admit(LogLevel.Error, 10_000 + i, out _));
        Assert.True(gate.Admit(LogLevel.Warning, 10_001, out _));
        Assert.True(gate.Admit(LogLevel.Error, 11_001, out var held));

        Assert.Equal(0, first);
        Assert.Equal(0, admitted);
        Assert.Equal(500, held);
    }

    [Theory]
    [InlineData("[ERROR][x][Thread 0011][TcpServerHandler (akka://sticky-master)] Error caught channel", true)]
    [InlineData("Sending disassociate to [x] because handshake timed out for inbound association after [15000] ms.", true)]
    [InlineData("Worker 0 (pid 42) registered and receives connections", false)]
    public void IsTransportLine_PerConnectionLinesOnly(string text, bool expected) =>
        Assert.Equal(expected, TransportLogGate.IsTransportLine(text));
}
