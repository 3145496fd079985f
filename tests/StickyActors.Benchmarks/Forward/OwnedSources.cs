using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// Client addresses of 127.2.0.0/16 (127.2.0.1, 127.2.0.2, … 127.2.0.254, 127.2.1.1, …) that one
/// host owns, as both hosts' masters answer <c>status --client</c>: the other host would forward them
/// to it. Both must agree, or the hosts' bucket tables have not converged.
/// </summary>
internal static class OwnedSources
{
    /// <summary>More than any host owns of 127.2.0.0/16 is never asked for.</summary>
    public const int MaxSources = 16_384;

    private const uint First = 0x7F02_0000;
    private const int Candidates = 256 * 254;

    public static async Task<uint[]> FindAsync(ClusterHost forwarder, ClusterHost owner, int count)
    {
        var owned = new List<uint>(count);
        for (var i = 0; i < Candidates && owned.Count < count; i++)
        {
            var client = First + ((uint)(i / 254) << 8) + (uint)(i % 254) + 1;
            var there = await forwarder.RouteAsync(client).ConfigureAwait(false);
            var here = await owner.RouteAsync(client).ConfigureAwait(false);
            if (there.ThisHost == here.ThisHost || there.Host != here.Host)
            {
                throw new InvalidOperationException($"hosts {forwarder.Name} and {owner.Name} disagree about {SockAddr.Format(client)}: "
                    + $"{forwarder.Name} says {there.Host} (this host: {there.ThisHost}), {owner.Name} says {here.Host} (this host: {here.ThisHost})");
            }

            if (here.ThisHost)
            {
                owned.Add(client);
            }
        }

        return owned.Count == count
            ? [.. owned]
            : throw new InvalidOperationException($"host {owner.Name} owns only {owned.Count} of the {Candidates} addresses of 127.2.0.0/16, fewer than --sources {count}");
    }
}
