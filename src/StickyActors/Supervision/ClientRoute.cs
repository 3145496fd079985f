namespace StickyActors.Supervision;

/// <summary>
/// Where a client's new connections go, as this master computes it: the answer to an operator's
/// "where does client X go?" (<c>app status --client X</c>). The key is the client address (or its
/// prefix, with <c>affinity.key = ip-prefix</c>); with an HTTP key it is the fallback used by requests
/// that carry none.
/// </summary>
/// <param name="Client">The client address asked about.</param>
/// <param name="Bucket">Its bucket.</param>
/// <param name="Host">The cluster member owning the bucket (empty without a cluster).</param>
/// <param name="ThisHost">This master serves the bucket itself (always true without a cluster).</param>
/// <param name="Worker">The worker slot owning the bucket on this host; null when another host serves it or no worker owns it now.</param>
/// <param name="WorkerPid">That worker's process id; null as for <paramref name="Worker"/>.</param>
public sealed record ClientRoute(string Client, int Bucket, string Host, bool ThisHost, int? Worker, int? WorkerPid);
