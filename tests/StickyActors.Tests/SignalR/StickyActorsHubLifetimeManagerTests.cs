using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StickyActors.ControlPlane;
using StickyActors.SignalR;

namespace StickyActors.Tests.SignalR;

/// <summary>What the lifetime manager writes here, what it publishes, and what it does with what the backplane brings.</summary>
public sealed class StickyActorsHubLifetimeManagerTests : IDisposable
{
    private readonly FakeWorkerBackplane _backplane = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StickyActorsHubLifetimeManager<TestHub> _manager;
    private readonly TestHubConnection _a = TestHubConnection.Create("a", user: "alice");
    private readonly TestHubConnection _b = TestHubConnection.Create("b", user: "bob");

    public StickyActorsHubLifetimeManagerTests()
    {
        _manager = Create(_backplane);
        _manager.OnConnectedAsync(_a).GetAwaiter().GetResult();
        _manager.OnConnectedAsync(_b).GetAwaiter().GetResult();
    }

    private static string HubName => typeof(TestHub).FullName!;

    [Fact]
    public async Task SendAllAsync_WithLocalConnections_WritesEachOnceAndPublishesOnce()
    {
        await _manager.SendAllAsync("message", ["hi"]);

        Assert.Contains("\"target\":\"message\"", Assert.Single(_a.Messages()), StringComparison.Ordinal);
        Assert.Single(_b.Messages());
        var published = Assert.IsType<BackplaneInvocation>(Assert.Single(_backplane.Published));
        Assert.Equal((HubName, BackplaneAudience.All), (published.Hub, published.Audience));
        Assert.Empty(published.Targets);
        Assert.Equal("json", Assert.Single(published.Payloads).Protocol);
    }

    [Fact]
    public async Task SendAllExceptAsync_ExcludedConnection_IsNotWrittenAndTheExclusionIsPublished()
    {
        await _manager.SendAllExceptAsync("message", ["hi"], ["a", "remote-1"]);

        Assert.Empty(_a.Messages());
        Assert.Single(_b.Messages());
        var published = Assert.IsType<BackplaneInvocation>(Assert.Single(_backplane.Published));
        Assert.Equal(["a", "remote-1"], published.Excluded);
    }

    [Fact]
    public void Invocation_FromTheBackplane_ReachesLocalConnectionsAndIsNotPublished()
    {
        _backplane.Deliver(Invocation(BackplaneAudience.All, [], ["b"]));

        Assert.Contains("\"target\":\"message\"", Assert.Single(_a.Messages()), StringComparison.Ordinal);
        Assert.Empty(_b.Messages());
        Assert.Empty(_backplane.Published);
    }

    [Fact]
    public void Invocation_FromTheBackplaneForAnotherHub_IsIgnored()
    {
        _backplane.Deliver(Invocation(BackplaneAudience.All, [], [], hub: "Other.Hub"));

        Assert.Empty(_a.Messages());
    }

    [Fact]
    public async Task SendConnectionAsync_LocalConnection_IsWrittenAndNotPublished()
    {
        await _manager.SendConnectionAsync("a", "message", ["hi"]);

        Assert.Single(_a.Messages());
        Assert.Empty(_b.Messages());
        Assert.Empty(_backplane.Published);
    }

    [Fact]
    public async Task SendConnectionsAsync_LocalAndRemote_WritesTheLocalOneAndPublishesOnlyTheRemoteOne()
    {
        await _manager.SendConnectionsAsync(["a", "remote-1"], "message", ["hi"]);

        Assert.Single(_a.Messages());
        var published = Assert.IsType<BackplaneInvocation>(Assert.Single(_backplane.Published));
        Assert.Equal((BackplaneAudience.Connections, "remote-1"), (published.Audience, Assert.Single(published.Targets)));
    }

    [Fact]
    public async Task SendUserAsync_ReachesTheUsersLocalConnectionsAndIsPublished()
    {
        await _manager.SendUserAsync("bob", "message", ["hi"]);

        Assert.Empty(_a.Messages());
        Assert.Single(_b.Messages());
        var published = Assert.IsType<BackplaneInvocation>(Assert.Single(_backplane.Published));
        Assert.Equal((BackplaneAudience.Users, "bob"), (published.Audience, Assert.Single(published.Targets)));
    }

    [Fact]
    public async Task SendGroupAsync_ReachesLocalMembersOnlyAndIsPublished()
    {
        await _manager.AddToGroupAsync("a", "room");

        await _manager.SendGroupAsync("room", "message", ["hi"]);

        Assert.Single(_a.Messages());
        Assert.Empty(_b.Messages());
        var published = Assert.IsType<BackplaneInvocation>(Assert.Single(_backplane.Published));
        Assert.Equal((BackplaneAudience.Groups, "room"), (published.Audience, Assert.Single(published.Targets)));
    }

    [Fact]
    public async Task AddToGroupAsync_RemoteConnection_PublishesACommandAndCompletesOnItsAck()
    {
        var adding = _manager.AddToGroupAsync("remote-1", "room");

        var command = Assert.IsType<BackplaneGroupCommand>(Assert.Single(_backplane.Published));
        Assert.Equal((HubName, "remote-1", "room", true, _manager.ServerName), (command.Hub, command.ConnectionId, command.Group, command.Add, command.ReplyTo));
        Assert.False(adding.IsCompleted);
        _backplane.Deliver(new BackplaneAck("someone-else", command.Id));
        Assert.False(adding.IsCompleted);

        _backplane.Deliver(new BackplaneAck(_manager.ServerName, command.Id));

        await adding.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AddToGroupAsync_RemoteConnectionNobodyAcks_ThrowsATimeoutNamingTheConnection()
    {
        var adding = _manager.AddToGroupAsync("remote-1", "room");

        _time.Advance(TimeSpan.FromSeconds(5));

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => adding.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains("connection remote-1 to group room", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GroupCommand_ForALocalConnection_JoinsItAndAcksTheSender()
    {
        _backplane.Deliver(new BackplaneGroupCommand(HubName, "server-2", 9, "b", "room", Add: true));

        Assert.Equal(new BackplaneAck("server-2", 9), Assert.Single(_backplane.Published));
        _backplane.Deliver(Invocation(BackplaneAudience.Groups, ["room"], []));
        Assert.Empty(_a.Messages());
        Assert.Single(_b.Messages());
    }

    [Fact]
    public void GroupCommand_ForAConnectionNotHere_IsNotAcked()
    {
        _backplane.Deliver(new BackplaneGroupCommand(HubName, "server-2", 9, "remote-1", "room", Add: true));

        Assert.Empty(_backplane.Published);
    }

    [Fact]
    public async Task SendAllAsync_OverTheBackplaneLimit_ThrowsAndReachesNobody()
    {
        var backplane = new FakeWorkerBackplane { Limit = 100 };
        using var manager = Create(backplane);
        var connection = TestHubConnection.Create("c");
        await manager.OnConnectedAsync(connection);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.SendAllAsync("message", [new string('x', 200)]));

        Assert.Contains("over the StickyActors backplane's limit", error.Message, StringComparison.Ordinal);
        Assert.Empty(connection.Messages());
        Assert.Empty(backplane.Published);
    }

    [Fact]
    public async Task OnDisconnectedAsync_ConnectionLeavesItsGroups()
    {
        await _manager.AddToGroupAsync("a", "room");

        await _manager.OnDisconnectedAsync(_a);
        _backplane.Deliver(Invocation(BackplaneAudience.Groups, ["room"], []));

        Assert.Empty(_a.Messages());
    }

    public void Dispose() => _manager.Dispose();

    private StickyActorsHubLifetimeManager<TestHub> Create(FakeWorkerBackplane backplane) => new(
        backplane,
        new JsonOnly(),
        Options.Create(new HubOptions { SupportedProtocols = ["json"] }),
        Options.Create(new HubOptions<TestHub>()),
        Options.Create(new StickyActorsBackplaneOptions()),
        _time,
        NullLogger<StickyActorsHubLifetimeManager<TestHub>>.Instance);

    private static BackplaneInvocation Invocation(BackplaneAudience audience, string[] targets, string[] excluded, string? hub = null) =>
        new(hub ?? HubName, audience, targets, excluded,
            [new BackplanePayload("json", TestHubConnection.JsonProtocol.GetMessageBytes(new InvocationMessage("message", ["from elsewhere"])))]);

    public sealed class TestHub : Hub;

    private sealed class JsonOnly : IHubProtocolResolver
    {
        public IReadOnlyList<IHubProtocol> AllProtocols => [TestHubConnection.JsonProtocol];

        public IHubProtocol? GetProtocol(string protocolName, IReadOnlyList<string>? supportedProtocols) =>
            protocolName == "json" ? TestHubConnection.JsonProtocol : null;
    }
}
