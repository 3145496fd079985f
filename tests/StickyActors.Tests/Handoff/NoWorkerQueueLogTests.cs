using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StickyActors.Handoff;
using StickyActors.Tests.Hosting;

namespace StickyActors.Tests.Handoff;

/// <summary>The no-worker queue logs its transitions once, never once per connection.</summary>
public sealed class NoWorkerQueueLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public void TryAdd_ManyConnectionsWhileNoWorker_LogsOneWaitingLine()
    {
        using var queue = CreateQueue();

        for (var i = 0; i < 5; i++)
        {
            Assert.True(queue.TryAdd(Connection()));
        }

        var line = Assert.Single(_logs.Entries);
        Assert.Equal(2001, line.EventId.Id);
    }

    [Fact]
    public void Sweep_SeveralExpired_LogsOneLineWithTheCount()
    {
        var expired = 0;
        using var queue = CreateQueue(() => expired++);
        queue.TryAdd(Connection());
        queue.TryAdd(Connection());

        _time.Advance(TimeSpan.FromSeconds(11));
        queue.Sweep();

        Assert.Equal(2, expired);
        var line = Assert.Single(_logs.Entries, e => e.EventId.Id == 2003);
        Assert.Contains("2 connection(s)", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Drain_ThenWaitingAgain_LogsWaitingAtMostOnceInTenSeconds()
    {
        using var queue = CreateQueue();
        queue.TryAdd(Connection());
        queue.TryAdd(Connection());
        var dispatched = new List<AcceptedConnection>();

        queue.Redispatch(dispatched.Add);
        queue.TryAdd(Connection());
        queue.Redispatch(dispatched.Add);
        _time.Advance(TimeSpan.FromSeconds(10));
        queue.TryAdd(Connection());

        Assert.Equal(3, dispatched.Count);
        Assert.Equal([2001, 2002, 2002, 2001], _logs.Entries.Select(e => e.EventId.Id));
        Assert.Equal(LogLevel.Debug, _logs.Entries[1].Level);
    }

    private NoWorkerQueue CreateQueue(Action? onExpired = null) =>
        new(16, TimeSpan.FromSeconds(10), _time, onExpired ?? (() => { }), _logs.CreateLogger("StickyActors.Handoff"));

    private AcceptedConnection Connection() => new(OwnedDescriptor.None, default, ReadOnlyMemory<byte>.Empty, _time.GetTimestamp());
}
