using StickyActors.ControlPlane;

namespace StickyActors.SignalR;

/// <summary>
/// What the backplane brings from the other processes. Called on the worker's control-plane thread:
/// writes are started here and finish on their own (a failure is logged), nothing is awaited, and
/// nothing received is published again.
/// </summary>
internal sealed partial class StickyActorsHubLifetimeManager<THub>
{
    private void OnBackplane(IBackplaneMessage message)
    {
        switch (message)
        {
            case BackplaneInvocation invocation when invocation.Hub == HubName:
                Deliver(invocation);
                break;
            case BackplaneGroupCommand command when command.Hub == HubName && _connections[command.ConnectionId] is { } connection:
                ChangeLocal(connection, command.Group, command.Add);
                _backplane.TryPublish(new BackplaneAck(command.ReplyTo, command.Id), out _);
                break;
            case BackplaneAck ack when ack.ReplyTo == ServerName:
                _acks.Acknowledge(ack.Id);
                break;
        }
    }

    private void Deliver(BackplaneInvocation invocation)
    {
        var message = HubPayloadWriter<THub>.Read(invocation.Payloads);
        switch (invocation.Audience)
        {
            case BackplaneAudience.All:
                Observe(WriteAll(_connections, message, invocation.Excluded, CancellationToken.None));
                break;
            case BackplaneAudience.Connections:
                foreach (var id in invocation.Targets)
                {
                    if (_connections[id] is { } connection)
                    {
                        Observe(connection.WriteAsync(message).AsTask(), connection.ConnectionId);
                    }
                }

                break;
            case BackplaneAudience.Groups:
                foreach (var group in invocation.Targets)
                {
                    if (_groups.Members(group) is { } members)
                    {
                        Observe(WriteAll(members, message, invocation.Excluded, CancellationToken.None));
                    }
                }

                break;
            case BackplaneAudience.Users:
                Observe(WriteUsers(invocation.Targets, message, CancellationToken.None));
                break;
        }
    }

    private void Observe(Task write, string connectionId = "(several)")
    {
        if (write.IsCompletedSuccessfully)
        {
            return;
        }

        write.ContinueWith(
            failed => SignalRBackplaneLog.WriteFailed(_logger, HubName, connectionId, failed.Exception!),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
