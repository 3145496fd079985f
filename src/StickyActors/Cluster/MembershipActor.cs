using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;
using StickyActors.Logging;
using StickyActors.Routing;
using static Akka.Cluster.ClusterEvent;

namespace StickyActors.Cluster;

/// <summary>
/// Follows the cluster's membership and reachability and publishes the bucket-to-host table
/// (<see cref="HostRendezvous"/>) to a <see cref="HostTableHolder"/> whenever the owner set changes:
/// members with the <see cref="HostIdentity.MemberRole"/> role, Up, reachable from here, routing like
/// this host. Tells <c>hostLeft</c> when a host is downed or removed (its forwarded connections are
/// closed) and <c>selfDowned</c> when this host is (the master stops serving). No children.
/// </summary>
internal sealed partial class MembershipActor : ReceiveActor
{
    public const string LogCategory = "StickyActors.Cluster";

    private readonly Dictionary<Address, MemberState> _members = [];
    private readonly HashSet<Address> _mismatchLogged = [];
    private readonly HashSet<Address> _leftReported = [];
    private readonly HostTableHolder _holder;
    private readonly HostIdentity _self;
    private readonly SplitBrainStrategy _strategy;
    private readonly Action<string> _hostLeft;
    private readonly Action _selfDowned;
    private readonly Action<ClusterView>? _viewChanged;
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILogger _log;
    private bool _selfDownedReported;
    private bool _selfLeaving;

    public MembershipActor(HostTableHolder holder, HostIdentity self, SplitBrainStrategy strategy, Action<string> hostLeft, Action selfDowned, Action<ClusterView>? viewChanged = null)
    {
        _viewChanged = viewChanged;
        _holder = holder;
        _self = self;
        _strategy = strategy;
        _hostLeft = hostLeft;
        _selfDowned = selfDowned;
        _log = ActorLogging.Logger(Context, LogCategory);

        Receive<IMemberEvent>(OnMemberEvent);
        Receive<UnreachableMember>(e => OnReachability(e.Member, reachable: false));
        Receive<ReachableMember>(e => OnReachability(e.Member, reachable: true));
        Receive<GetClusterView>(_ => Sender.Tell(View()));
        Receive<string>(OnAnnouncement);
        Receive<ActivationDue>(_ => OnActivationDue());
    }

    /// <param name="holder">Where the host table is published.</param>
    /// <param name="self">This host's identity (its routing parameters decide which members can own buckets).</param>
    /// <param name="strategy">The split brain resolver's strategy, named in the logs.</param>
    /// <param name="hostLeft">Told the address of a member that left or was downed.</param>
    /// <param name="selfDowned">Told once when this host is downed or removed, or the system stops.</param>
    /// <param name="viewChanged">Told every new view (any member's status or reachability changed), for the metrics; on the actor's thread.</param>
    public static Props Props(HostTableHolder holder, HostIdentity self, SplitBrainStrategy strategy, Action<string> hostLeft, Action selfDowned, Action<ClusterView>? viewChanged = null) =>
        Akka.Actor.Props.Create(() => new MembershipActor(holder, self, strategy, hostLeft, selfDowned, viewChanged));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));

    /// <summary>A restart resubscribes (PreStart) and gets the whole state again as events; the published table stays until then.</summary>
    protected override void PreRestart(Exception reason, object message) => _cluster.Unsubscribe(Self);

    /// <summary>The system stopping (downed, a failed outbound TLS handshake, or the master's stop) also ends this host's membership.</summary>
    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        ReportSelfDowned("stopped");
    }

    private void OnMemberEvent(IMemberEvent e)
    {
        var member = e.Member;
        var address = member.Address;
        var isSelf = address == _cluster.SelfAddress;
        if (e is MemberRemoved)
        {
            _members.Remove(address);
            if (isSelf)
            {
                ReportSelfDowned("removed");
            }
            else
            {
                ReportLeft(address);
            }
        }
        else
        {
            _selfLeaving |= isSelf && member.Status is MemberStatus.Leaving or MemberStatus.Exiting;
            var reachable = !_members.TryGetValue(address, out var known) || known.Reachable;
            _members[address] = new MemberState(member, reachable, HostIdentity.FromRoles(member.Roles));
            if (member.Status == MemberStatus.Up)
            {
                OnMemberUp(member);
            }

            if (e is MemberDowned || member.Status == MemberStatus.Down)
            {
                ClusterLog.Downed(_log, address.ToString(), Kebab(_strategy));
                if (isSelf)
                {
                    ReportSelfDowned("downed");
                }
                else
                {
                    ReportLeft(address);
                }
            }
        }

        Recompute();
        _viewChanged?.Invoke(View());
    }

    private void OnReachability(Member member, bool reachable)
    {
        if (reachable)
        {
            ClusterLog.Reachable(_log, member.Address.ToString());
        }
        else
        {
            ClusterLog.Unreachable(_log, member.Address.ToString());
        }

        var known = _members.TryGetValue(member.Address, out var state) ? state.Member : member;
        _members[member.Address] = new MemberState(known, reachable, HostIdentity.FromRoles(known.Roles));
        Recompute();
        _viewChanged?.Invoke(View());
    }

    private void ReportLeft(Address address)
    {
        // Once this host is out (its own leave done, or downed), the others' removal is only its
        // view ending: they still serve, and the connections forwarded to them go on until the stop.
        if (!_selfDownedReported && _leftReported.Add(address))
        {
            Invoke("hostLeft", address.ToString(), () => _hostLeft(address.ToString()));
        }
    }

    private void ReportSelfDowned(string how)
    {
        if (_selfDownedReported)
        {
            return;
        }

        _selfDownedReported = true;
        if (_selfLeaving && how == "removed")
        {
            ClusterLog.SelfLeft(_log);
        }
        else
        {
            ClusterLog.SelfDowned(_log, how, Kebab(_strategy));
        }

        Invoke("selfDowned", _cluster.SelfAddress.ToString(), _selfDowned);
    }

    private void Invoke(string name, string host, Action callback)
    {
        try
        {
            callback();
        }
        catch (Exception e)
        {
            ClusterLog.CallbackFailed(_log, e, name, host);
        }
    }

    private static string Kebab(SplitBrainStrategy strategy) =>
        string.Concat(strategy.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
