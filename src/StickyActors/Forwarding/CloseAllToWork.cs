using Microsoft.Extensions.Logging;

namespace StickyActors.Forwarding;

/// <summary>Closes, on one relay thread, every pair to the host <paramref name="hostId"/>, which left the cluster.</summary>
internal sealed class CloseAllToWork(string hostId, ILogger logger) : IRelayWork
{
    public void Run(RelayLoop loop)
    {
        var pairs = loop.Handlers.OfType<SplicePair>().Where(pair => pair.Owner.Id == hostId).ToList();
        foreach (var pair in pairs)
        {
            pair.CloseForOwnerLeft();
        }

        if (pairs.Count > 0)
        {
            ForwardingLog.ClosedPairsTo(logger, pairs.Count, hostId);
        }
    }

    public void Cancel()
    {
    }
}
