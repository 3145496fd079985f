using StickyActors.ControlPlane;
using StickyActors.Routing;

namespace StickyActors.Worker;

/// <summary>
/// The worker's side of <c>affinity.key = bucket-cookie</c>: knows (from the master) the buckets this
/// worker owns now and how to write the cookie, tells a valid value from an invalid one, and picks
/// the bucket a new client's cookie names. Two choices: <see cref="NextOwn"/>, round robin over this
/// worker's own buckets (the response may have created state here, so the client must stay), and
/// <see cref="NextAny"/>, round robin over every bucket, which spreads the clients that all reach
/// this worker first (one address behind a NAT) evenly over the workers, since consecutive buckets
/// have consecutive home workers. Thread-safe and lock-free.
/// </summary>
public sealed class AffinityCookieIssuer
{
    private State? _state;
    private int _ownTurn;
    private int _anyTurn = Random.Shared.Next();

    internal AffinityCookieIssuer()
    {
    }

    /// <summary>Whether the master has said which buckets this worker owns.</summary>
    public bool IsReady => Volatile.Read(ref _state) is not null;

    /// <summary>The cookie's name; empty until <see cref="IsReady"/>.</summary>
    public string CookieName => Volatile.Read(ref _state)?.Message.CookieName ?? string.Empty;

    /// <summary>The cookie's lifetime (zero: a session cookie).</summary>
    public TimeSpan CookieLifetime => Volatile.Read(ref _state)?.Message.CookieLifetime ?? TimeSpan.Zero;

    internal void Update(WorkerBucketsOwned owned) =>
        Volatile.Write(ref _state, new State(owned, owned.Owned.ToHashSet()));

    /// <summary>Whether <paramref name="value"/> names a bucket of this cluster (the master will route it).</summary>
    /// <param name="value">A cookie value from a request, or null.</param>
    public bool IsValid(string? value) =>
        Volatile.Read(ref _state) is { } state && AffinityCookie.IsValid(value, state.Message.Buckets, state.Message.CookieKey);

    /// <summary>Whether this worker owns <paramref name="bucket"/> now.</summary>
    /// <param name="bucket">A bucket of the routing table.</param>
    public bool Owns(int bucket) => Volatile.Read(ref _state) is { } state && state.Owned.Contains(bucket);

    /// <summary>A value naming the next of this worker's own buckets; false before it is ready or while it owns none.</summary>
    /// <param name="value">The cookie value to send.</param>
    /// <param name="bucket">The bucket it names.</param>
    public bool NextOwn(out string value, out int bucket)
    {
        value = string.Empty;
        bucket = -1;
        if (Volatile.Read(ref _state) is not { } state || state.Message.Owned.Count == 0)
        {
            return false;
        }

        var owned = state.Message.Owned;
        bucket = owned[(int)((uint)Interlocked.Increment(ref _ownTurn) % (uint)owned.Count)];
        value = AffinityCookie.Encode(bucket, state.Message.Buckets, state.Message.CookieKey);
        return true;
    }

    /// <summary>A value naming the next bucket of all (spread over every worker); false before it is ready.</summary>
    /// <param name="value">The cookie value to send.</param>
    /// <param name="bucket">The bucket it names.</param>
    public bool NextAny(out string value, out int bucket)
    {
        value = string.Empty;
        bucket = -1;
        if (Volatile.Read(ref _state) is not { } state)
        {
            return false;
        }

        bucket = (int)((uint)Interlocked.Increment(ref _anyTurn) % (uint)state.Message.Buckets);
        value = AffinityCookie.Encode(bucket, state.Message.Buckets, state.Message.CookieKey);
        return true;
    }

    private sealed record State(WorkerBucketsOwned Message, HashSet<int> Owned);
}
