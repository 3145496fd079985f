using System.Globalization;
using System.Net;

namespace StickyActors.Cluster;

/// <summary>
/// What the other hosts need to know about a host, carried in its cluster roles: where to forward its
/// clients, its weight, and the routing parameters every host must share (a host with other buckets or
/// another hash seed would hash the same client elsewhere, so it is excluded).
/// </summary>
internal sealed record HostIdentity(IPEndPoint ForwardEndPoint, int Weight, int Buckets, ulong HashSeed)
{
    public const string MemberRole = "sticky-actors";
    private const string ForwardPrefix = "sticky-forward=";
    private const string WeightPrefix = "sticky-weight=";
    private const string BucketsPrefix = "sticky-buckets=";
    private const string SeedPrefix = "sticky-seed=";

    public IReadOnlyList<string> ToRoles() =>
    [
        MemberRole,
        ForwardPrefix + ForwardEndPoint,
        WeightPrefix + Weight.ToString(CultureInfo.InvariantCulture),
        BucketsPrefix + Buckets.ToString(CultureInfo.InvariantCulture),
        SeedPrefix + HashSeed.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The identity in a member's roles; null when it is not a StickyActors host or a role is malformed.</summary>
    public static HostIdentity? FromRoles(IEnumerable<string> roles)
    {
        string? forward = null, weight = null, buckets = null, seed = null;
        var member = false;
        foreach (var role in roles)
        {
            member |= role == MemberRole;
            forward = Value(role, ForwardPrefix) ?? forward;
            weight = Value(role, WeightPrefix) ?? weight;
            buckets = Value(role, BucketsPrefix) ?? buckets;
            seed = Value(role, SeedPrefix) ?? seed;
        }

        return member
            && IPEndPoint.TryParse(forward ?? string.Empty, out var endPoint)
            && int.TryParse(weight, NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(buckets, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            && ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? new HostIdentity(endPoint, w, b, s)
                : null;
    }

    /// <summary>Whether a host with <paramref name="other"/> hashes every client to the same bucket as this one.</summary>
    public bool RoutesLike(HostIdentity other) => other.Buckets == Buckets && other.HashSeed == HashSeed;

    private static string? Value(string role, string prefix) =>
        role.StartsWith(prefix, StringComparison.Ordinal) ? role[prefix.Length..] : null;
}
