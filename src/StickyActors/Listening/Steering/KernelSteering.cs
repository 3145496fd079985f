using Microsoft.Extensions.Logging;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Listening.Steering;

/// <summary>
/// Kernel steering in the master: on every table the routing actor publishes, attaches the program
/// generated from it (only when bucket → slot changed), hands each newly registered worker its
/// slot's listening socket over its handle channel, and lets the <see cref="SlotDrainer"/> accept
/// for the slots that have no live worker (and for removed slots' parked sockets). Not on the
/// per-connection path. A slot added at run time gets its socket from the master actor
/// (<see cref="SlotGroup.EnsureCount"/>) before the routing actor knows the slot.
/// </summary>
internal sealed class KernelSteering : IDisposable
{
    private readonly SlotGroup _group;
    private readonly RoutingTableHolder _table;
    private readonly SlotKey _key;
    private readonly SlotDrainer _drainer;
    private readonly ILogger _logger;
    private readonly HandoffChannel?[] _given;
    private readonly Lock _gate = new();
    private int[]? _attached;
    private bool _stopped;

    public KernelSteering(SlotGroup group, RoutingTableHolder table, SlotKey key, SlotDrainer drainer, ILogger logger)
    {
        _group = group;
        _table = table;
        _key = key;
        _drainer = drainer;
        _logger = logger;
        _given = new HandoffChannel?[group.Capacity];
    }

    /// <summary>Programs attached since start (the first included).</summary>
    public int Attachments { get; private set; }

    public void Start()
    {
        lock (_gate)
        {
            Apply(_table.Current);
        }

        _table.Published += OnPublished;
        _drainer.Start();
    }

    /// <summary>
    /// The bucket → slot map of a table: the owner, or the home slot while the bucket waits (whose
    /// socket the master drains until the slot's worker registered). Never a slot at or beyond
    /// <paramref name="slots"/> (the sockets the group has).
    /// </summary>
    public static int[] SlotsOf(RoutingSnapshot snapshot, int slots)
    {
        var map = new int[snapshot.Buckets];
        for (var bucket = 0; bucket < map.Length; bucket++)
        {
            var owner = snapshot.OwnerOf(bucket);
            var home = snapshot.HomeOf(bucket);
            map[bucket] = owner >= 0 && owner < slots ? owner
                : home < slots ? home
                : bucket % slots;
        }

        return map;
    }

    public void Dispose()
    {
        _table.Published -= OnPublished;
        lock (_gate)
        {
            _stopped = true;
        }

        _drainer.Dispose();
        _group.Dispose();
    }

    private void OnPublished(RoutingSnapshot snapshot)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                Apply(snapshot);
            }
        }
    }

    private void Apply(RoutingSnapshot snapshot)
    {
        var slots = SlotsOf(snapshot, _group.Count);
        if (_attached is null || !slots.AsSpan().SequenceEqual(_attached))
        {
            var program = SteeringProgram.Generate(slots, _group.Count, _key.Seed, _key.Prefix ? _key.Ipv4Prefix : 32, _key.Prefix ? _key.Ipv6Prefix : 128);
            var errno = program is null ? -1 : _group.Attach(program);
            if (errno == 0)
            {
                _attached = slots;
                Attachments++;
                SteeringLog.Attached(_logger, snapshot.Version, program!.Length);
            }
            else
            {
                SteeringLog.AttachFailed(_logger, program?.Length ?? -1, errno);
            }
        }

        // Slots beyond the table's (removed, their sockets parked) have no target: the master drains them.
        for (var slot = 0; slot < _group.Count; slot++)
        {
            var channel = slot < snapshot.Slots ? snapshot.Target(slot) as HandoffChannel : null;
            var live = channel is { IsAlive: true };
            if (live && !ReferenceEquals(_given[slot], channel))
            {
                var errno = channel!.TrySendDescriptor((int)_group[slot].SafeHandle.DangerousGetHandle(), ListenerFrame.Encode(_key, slot));
                if (errno == 0)
                {
                    _given[slot] = channel;
                }
                else
                {
                    SteeringLog.SlotSendFailed(_logger, slot, errno);
                }
            }

            _drainer.SetDraining(slot, !(live && ReferenceEquals(_given[slot], channel)));
        }
    }
}
