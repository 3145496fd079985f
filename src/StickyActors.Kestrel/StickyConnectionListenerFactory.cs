using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using StickyActors.Worker;

namespace StickyActors.Kestrel;

/// <summary>Kestrel transport factory that binds <see cref="StickyEndPoint"/> to this worker's handed-off sockets.</summary>
internal sealed class StickyConnectionListenerFactory(StickyWorker worker, ILoggerFactory loggerFactory)
    : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    public bool CanBind(EndPoint endpoint) => endpoint is StickyEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not StickyEndPoint sticky)
        {
            throw new NotSupportedException($"{endpoint} is not a StickyActors endpoint.");
        }

        var contexts = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions(),
            loggerFactory.CreateLogger("StickyActors.Kestrel"));
        return ValueTask.FromResult<IConnectionListener>(new StickyConnectionListener(sticky, worker, contexts));
    }
}
