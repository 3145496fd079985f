using System.Globalization;
using Akka.Actor;
using Akka.Cluster;

namespace StickyActors.Cluster;

/// <summary>
/// When a host that became Up starts owning buckets. Each host learns of a newcomer's Up by gossip,
/// at moments apart by up to a gossip round or two; were each to move the newcomer's buckets then,
/// a client arriving at two hosts in that window would alternate between its old and new worker.
/// So the newcomer, once it sees itself Up, tells every member "mine from T" (its clock plus
/// <see cref="ActivationDelay"/>), and every host, the newcomer included, moves its buckets at T:
/// the same moment everywhere, up to the hosts' clock skew. A newcomer whose announcement never
/// arrives owns its buckets <see cref="ActivationFallback"/> after it was seen Up. Members already
/// Up when this host itself came up are owners at once.
/// </summary>
internal sealed partial class MembershipActor : IWithTimers
{
    /// <summary>From a newcomer's Up to its buckets moving: longer than gossip takes to reach every host.</summary>
    internal static readonly TimeSpan ActivationDelay = TimeSpan.FromSeconds(2);

    /// <summary>A newcomer seen Up whose announcement did not arrive owns its buckets after this.</summary>
    internal static readonly TimeSpan ActivationFallback = TimeSpan.FromSeconds(6);

    private const string ActivationPrefix = "sticky-actors-owner-from:";

    private readonly Dictionary<Address, long> _ownerFrom = [];
    private bool _selfUp;

    public ITimerScheduler Timers { get; set; } = null!;

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private bool IsActive(Address member) => !_ownerFrom.TryGetValue(member, out var from) || from <= Now;

    /// <summary>A member is Up: this host announces itself, or waits for a newcomer's announcement.</summary>
    private void OnMemberUp(Member member)
    {
        if (member.Address == _cluster.SelfAddress)
        {
            if (_selfUp)
            {
                return;
            }

            _selfUp = true;
            var from = Now + (long)ActivationDelay.TotalMilliseconds;
            OwnerFrom(member.Address, from);
            var announcement = ActivationPrefix + from.ToString(CultureInfo.InvariantCulture);
            var path = Self.Path.ToStringWithoutAddress();
            foreach (var other in _members.Keys.Where(a => a != _cluster.SelfAddress))
            {
                Context.ActorSelection(other + path).Tell(announcement, Self);
            }
        }
        else if (_selfUp && !_ownerFrom.ContainsKey(member.Address))
        {
            OwnerFrom(member.Address, Now + (long)ActivationFallback.TotalMilliseconds);
        }
    }

    /// <summary>A newcomer's "mine from T", accepted only from that member itself.</summary>
    private void OnAnnouncement(string text)
    {
        var sender = Sender.Path.Address;
        if (!text.StartsWith(ActivationPrefix, StringComparison.Ordinal)
            || !long.TryParse(text.AsSpan(ActivationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !_members.ContainsKey(sender)
            || sender == _cluster.SelfAddress)
        {
            return;
        }

        // Never later than a second past this host's own fallback (a wrong clock must not starve it).
        OwnerFrom(sender, Math.Min(from, Now + (long)ActivationFallback.TotalMilliseconds));
    }

    private void OwnerFrom(Address member, long from)
    {
        _ownerFrom[member] = from;
        Timers.StartSingleTimer(member, ActivationDue.Instance, TimeSpan.FromMilliseconds(Math.Max(0, from - Now) + 1));
    }

    private void OnActivationDue()
    {
        // A timer runs on the monotonic clock, T is wall-clock time: one that comes before T (the
        // wall clock slewed back) waits again for what is left, or the newcomer would never own.
        var now = Now;
        foreach (var (member, from) in _ownerFrom)
        {
            if (from > now)
            {
                Timers.StartSingleTimer(member, ActivationDue.Instance, TimeSpan.FromMilliseconds(from - now + 1));
            }
        }

        Recompute();
        _viewChanged?.Invoke(View());
    }

    private sealed record ActivationDue
    {
        public static ActivationDue Instance { get; } = new();
    }
}
