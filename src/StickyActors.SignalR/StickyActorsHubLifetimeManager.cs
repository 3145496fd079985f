using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StickyActors.Backplane;
using StickyActors.ControlPlane;

namespace StickyActors.SignalR;

/// <summary>
/// SignalR's lifetime manager for a StickyActors worker. Keeps this process's connections, groups
/// and users like the default one, and publishes every send that may concern another process once
/// on the worker's backplane (through its master to every other worker, and in a cluster to every
/// host). A send to connections that are all here is not published: StickyActors keeps a client's
/// connection on one worker. What comes from the backplane is written to the connections here and
/// never published again.
/// </summary>
internal sealed partial class StickyActorsHubLifetimeManager<THub> : HubLifetimeManager<THub>, IDisposable
    where THub : Hub
{
    private readonly HubConnectionStore _connections = new();
    private readonly LocalGroups _groups = new();
    private readonly IWorkerBackplane _backplane;
    private readonly HubPayloadWriter<THub> _payloads;
    private readonly PendingAcks _acks;
    private readonly TimeSpan _groupCommandTimeout;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;

    public StickyActorsHubLifetimeManager(
        IWorkerBackplane backplane,
        IHubProtocolResolver protocols,
        IOptions<HubOptions> globalHubOptions,
        IOptions<HubOptions<THub>> hubOptions,
        IOptions<StickyActorsBackplaneOptions> options,
        TimeProvider time,
        ILogger<StickyActorsHubLifetimeManager<THub>> logger)
    {
        _backplane = backplane;
        _payloads = new HubPayloadWriter<THub>(protocols, globalHubOptions, hubOptions);
        _acks = new PendingAcks(time);
        _groupCommandTimeout = options.Value.GroupCommandTimeout;
        _logger = logger;
        _subscription = backplane.Subscribe(OnBackplane);
    }

    /// <summary>The hub's name on the backplane: its type's full name, the same in every process of the application.</summary>
    internal static string HubName { get; } = typeof(THub).FullName ?? typeof(THub).Name;

    /// <summary>Names this lifetime manager as the addressee of acknowledgements (unique across processes and hosts).</summary>
    internal string ServerName { get; } = Guid.NewGuid().ToString("N");

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _connections.Add(connection);
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _connections.Remove(connection);
        _groups.RemoveConnection(connection);
        return Task.CompletedTask;
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAllExceptAsync(methodName, args, [], cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        var message = Publish(methodName, args, BackplaneAudience.All, [], excludedConnectionIds);
        return WriteAll(_connections, message, excludedConnectionIds, cancellationToken);
    }

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        return SendConnectionsAsync([connectionId], methodName, args, cancellationToken);
    }

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        var local = connectionIds.Select(id => _connections[id]).OfType<HubConnectionContext>().ToList();
        var remote = connectionIds.Where(id => _connections[id] is null).ToList();
        var message = remote.Count == 0
            ? new SerializedHubMessage(new InvocationMessage(methodName, args))
            : Publish(methodName, args, BackplaneAudience.Connections, remote, []);
        return Task.WhenAll(local.Select(connection => connection.WriteAsync(message, cancellationToken).AsTask()));
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendGroupExceptAsync(groupName, methodName, args, [], cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        var groups = groupNames.Where(g => !string.IsNullOrEmpty(g)).ToList();
        var message = Publish(methodName, args, BackplaneAudience.Groups, groups, []);
        return Task.WhenAll(groups.Select(g => _groups.Members(g)).OfType<HubConnectionStore>().Select(members => WriteAll(members, message, [], cancellationToken)));
    }

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        var message = Publish(methodName, args, BackplaneAudience.Groups, [groupName], excludedConnectionIds);
        return _groups.Members(groupName) is { } members ? WriteAll(members, message, excludedConnectionIds, cancellationToken) : Task.CompletedTask;
    }

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendUsersAsync([userId], methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        if (userIds.Count == 0)
        {
            return Task.CompletedTask;
        }

        var message = Publish(methodName, args, BackplaneAudience.Users, userIds, []);
        return WriteUsers(userIds, message, cancellationToken);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _acks.CancelAll();
    }

    /// <summary>
    /// Publishes the invocation for the other processes and returns it serialized for the
    /// connections here. Over the control plane's limit it is sent to nobody, here or elsewhere,
    /// and the caller gets an <see cref="InvalidOperationException"/> saying so.
    /// </summary>
    private SerializedHubMessage Publish(string methodName, object?[] args, BackplaneAudience audience, IReadOnlyList<string> targets, IReadOnlyList<string> excluded)
    {
        var (local, payloads) = _payloads.Write(new InvocationMessage(methodName, args));
        var message = new BackplaneInvocation(HubName, audience, targets, excluded, payloads);
        if (!_backplane.TryPublish(message, out var size))
        {
            SignalRBackplaneLog.MessageTooLarge(_logger, HubName, methodName, audience.ToString(), size, BackplaneFormat.MaxMessageBytes);
            throw new InvalidOperationException(
                $"Hub {HubName}: '{methodName}' serialized is {size} bytes, over the StickyActors backplane's limit of {BackplaneFormat.MaxMessageBytes} bytes; it was sent to nobody.");
        }

        return local;
    }

    private static Task WriteAll(HubConnectionStore connections, SerializedHubMessage message, IReadOnlyList<string> excluded, CancellationToken cancellationToken)
    {
        List<Task>? writes = null;
        foreach (var connection in connections)
        {
            if (excluded.Count > 0 && excluded.Contains(connection.ConnectionId))
            {
                continue;
            }

            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully)
            {
                (writes ??= []).Add(write.AsTask());
            }
        }

        return writes is null ? Task.CompletedTask : Task.WhenAll(writes);
    }

    private Task WriteUsers(IReadOnlyList<string> userIds, SerializedHubMessage message, CancellationToken cancellationToken)
    {
        var writes = new List<Task>();
        foreach (var connection in _connections)
        {
            if (connection.UserIdentifier is { } user && userIds.Contains(user, StringComparer.Ordinal))
            {
                writes.Add(connection.WriteAsync(message, cancellationToken).AsTask());
            }
        }

        return Task.WhenAll(writes);
    }
}
