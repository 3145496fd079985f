using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using StickyActors.Backplane;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.Backplane;

/// <summary>Two masters' buses over a real two-node cluster on loopback (plain Akka.Cluster, port 0, no TLS).</summary>
public sealed class DistributedPubSubBusSpecs : IAsyncLifetime
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    private readonly ActorSystem _first = Node();
    private readonly ActorSystem _second = Node();

    public async Task InitializeAsync()
    {
        var seed = Akka.Cluster.Cluster.Get(_first).SelfAddress;
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(_second).RegisterOnMemberUp(() => up.TrySetResult());
        await Akka.Cluster.Cluster.Get(_first).JoinAsync(seed);
        await Akka.Cluster.Cluster.Get(_second).JoinAsync(seed);
        await up.Task.WaitAsync(s_timeout);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_second.Terminate(), _first.Terminate()).WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Publish_OnOneHost_ReachesTheOtherHostOnlyAndRoundTripsTheMessage()
    {
        var (one, two) = (new DistributedPubSubBus(_first), new DistributedPubSubBus(_second));
        var (atOne, atTwo) = (new ConcurrentQueue<IBackplaneMessage>(), new ConcurrentQueue<IBackplaneMessage>());
        using var s1 = one.Subscribe(atOne.Enqueue);
        using var s2 = two.Subscribe(atTwo.Enqueue);
        var invocation = new BackplaneInvocation("Chat.ChatHub", BackplaneAudience.Groups, ["room"], ["c1"], [new BackplanePayload("json", new byte[] { 1, 2, 3 })]);

        // Subscriptions spread by gossip: publish until the other host hears one.
        using var deadline = new CancellationTokenSource(s_timeout);
        while (atTwo.IsEmpty)
        {
            one.Publish(invocation);
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }

        var received = Assert.IsType<BackplaneInvocation>(atTwo.First());
        Assert.Equal((invocation.Hub, invocation.Audience), (received.Hub, received.Audience));
        Assert.Equal(["room"], received.Targets);
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(received.Payloads).Bytes.ToArray());
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Empty(atOne);
    }

    private static ActorSystem Node() => ActorSystem.Create("backplane-cluster", ConfigurationFactory.ParseString("""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.remote.dot-netty.tcp.port = 0
        akka.cluster.min-nr-of-members = 1
        akka.loglevel = WARNING
        akka.cluster.pub-sub.gossip-interval = 200ms
        """).WithFallback(DistributedPubSubBus.Serialization));
}
