using Microsoft.AspNetCore.SignalR;
using StickyActors.ControlPlane;

namespace StickyActors.SignalR;

/// <summary>
/// Group membership: a connection here joins or leaves at once; for a connection elsewhere, a
/// command goes to every other process and the one that holds the connection confirms.
/// </summary>
internal sealed partial class StickyActorsHubLifetimeManager<THub>
{
    public override Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(connectionId, groupName, add: true, cancellationToken);

    public override Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) =>
        ChangeGroupAsync(connectionId, groupName, add: false, cancellationToken);

    private async Task ChangeGroupAsync(string connectionId, string groupName, bool add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(groupName);
        if (_connections[connectionId] is { } connection)
        {
            ChangeLocal(connection, groupName, add);
            return;
        }

        var (id, acked) = _acks.Create();
        var command = new BackplaneGroupCommand(HubName, ServerName, id, connectionId, groupName, add);
        if (!_backplane.TryPublish(command, out var size))
        {
            _acks.Acknowledge(id);
            throw new InvalidOperationException($"Hub {HubName}: a group command of {size} bytes is over the StickyActors backplane's limit of {BackplaneFormat.MaxMessageBytes} bytes.");
        }

        SignalRBackplaneLog.GroupCommandSent(_logger, HubName, id, connectionId);
        try
        {
            await _acks.WaitAsync(id, acked, _groupCommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var action = add ? "adding" : "removing";
            SignalRBackplaneLog.GroupCommandTimedOut(_logger, HubName, action, connectionId, groupName, _groupCommandTimeout);
            throw new TimeoutException(
                $"Hub {HubName}: no worker confirmed {action} connection {connectionId} {(add ? "to" : "from")} group {groupName} within {_groupCommandTimeout.TotalSeconds:0.###} s; no worker holds that connection, or its worker did not answer.");
        }
    }

    private void ChangeLocal(HubConnectionContext connection, string groupName, bool add)
    {
        if (add)
        {
            _groups.Add(connection, groupName);
        }
        else
        {
            _groups.Remove(connection, groupName);
        }
    }
}
