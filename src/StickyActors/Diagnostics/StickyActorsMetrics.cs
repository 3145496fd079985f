using System.Diagnostics.Metrics;
using StickyActors.Handoff;
using StickyActors.Routing;
using StickyActors.Supervision;

namespace StickyActors.Diagnostics;

/// <summary>
/// The master's instruments on the <c>StickyActors</c> meter. Counts are observable instruments over
/// <see cref="HandoffCounters"/> and the worker generations, read only when a listener collects, so
/// they add nothing to the accept path. The handoff latency histogram is the one instrument recorded
/// per connection: no tags, no allocation, and skipped while nobody listens.
/// </summary>
internal sealed class StickyActorsMetrics : IDisposable
{
    public const string MeterName = "StickyActors";

    private static readonly double[] s_latencyBuckets =
        [0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly TimeProvider _time;
    private readonly Histogram<double> _handoffDuration;
    private readonly Counter<long> _bucketsMoved;
    private readonly KeyValuePair<string, object?>[] _workerTags;

    public StickyActorsMetrics(HandoffCounters counters, WorkerGenerations generations, int workers, Func<int> waiting, TimeProvider time, IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _time = time;
        var workerTags = Enumerable.Range(0, workers).Select(id => new KeyValuePair<string, object?>("worker.id", id)).ToArray();
        _workerTags = workerTags;
        var queueFull = new KeyValuePair<string, object?>("reason", "queue_full");
        var noWorker = new KeyValuePair<string, object?>("reason", "no_worker");

        _meter.CreateObservableCounter(
            "sticky_actors.connections.accepted", () => counters.Accepted, "{connection}", "Connections the master accepted.");
        _meter.CreateObservableCounter(
            "sticky_actors.connections.handed_off",
            () => workerTags.Take(ActiveSlots(workerTags.Length)).Select((tag, id) => new Measurement<long>(counters.HandedOff(id), tag)),
            "{connection}",
            "Connections handed to each worker.");
        _meter.CreateObservableCounter(
            "sticky_actors.connections.rerouted", () => counters.Rerouted, "{connection}", "Handoffs that found their worker dead and went to another.");
        _meter.CreateObservableCounter(
            "sticky_actors.connections.dropped",
            () => new[] { new Measurement<long>(counters.Overflow, queueFull), new Measurement<long>(counters.ExpiredNoWorker, noWorker) },
            "{connection}",
            "Connections closed unserved: a worker's queue was full, or no worker came back in time.");
        _meter.CreateObservableGauge(
            "sticky_actors.connections.waiting", waiting, "{connection}", "Connections waiting now because no worker is alive.");
        _meter.CreateObservableCounter(
            "sticky_actors.accept.errors", () => counters.AcceptErrors, "{error}", "accept(2) failures, such as running out of descriptors.");
        _meter.CreateObservableCounter(
            "sticky_actors.preambles.rejected", () => counters.PreamblesRejected, "{connection}", "Connections closed because their PROXY or HTTP preamble was rejected.");
        _meter.CreateObservableCounter(
            "sticky_actors.worker.restarts",
            () => workerTags.Take(ActiveSlots(workerTags.Length)).Select((tag, id) => new Measurement<long>(Math.Max(0, generations.Launches(id) - 1), tag)),
            "{restart}",
            "Times each worker slot was relaunched.");
        _bucketsMoved = _meter.CreateCounter<long>(
            "sticky_actors.buckets.moved", "{bucket}", "Routing buckets that changed owner.");
        _handoffDuration = _meter.CreateHistogram(
            "sticky_actors.handoff.duration",
            "s",
            "Time from accept(2) to the descriptor being in the worker's channel (sendmsg returned), for connections the accept thread sent straight away.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_latencyBuckets });
    }

    public Meter Meter => _meter;

    /// <summary>The worker slots in use now (the count changes at run time); null reports every slot given at construction.</summary>
    public Func<int>? Slots { get; init; }

    /// <summary>Records the latency of a connection accepted at <paramref name="acceptedAt"/> (a timestamp of the master's time provider).</summary>
    public void RecordHandoff(long acceptedAt)
    {
        if (_handoffDuration.Enabled)
        {
            _handoffDuration.Record(_time.GetElapsedTime(acceptedAt).TotalSeconds);
        }
    }

    public void OnBucketsMoved(int count) => _bucketsMoved.Add(count);

    private int ActiveSlots(int all) => Math.Min(all, Slots?.Invoke() ?? all);

    /// <summary>
    /// Per worker gauges of the published routing table: buckets owned, buckets held for other
    /// workers, and home buckets away (at others or waiting), read from <paramref name="current"/>
    /// only when a listener collects.
    /// </summary>
    public void ObserveRouting(Func<RoutingSnapshot> current, int workers)
    {
        var workerTags = Enumerable.Range(0, workers).Select(id => new KeyValuePair<string, object?>("worker.id", id)).ToArray();
        IEnumerable<Measurement<int>> Per(Func<BucketOwnership, int, int> value)
        {
            var view = current().Ownership();
            return workerTags.Take(ActiveSlots(workerTags.Length)).Select((tag, id) => new Measurement<int>(value(view, id), tag));
        }

        _meter.CreateObservableGauge(
            "sticky_actors.buckets.owned", () => Per((v, id) => v.Owned(id)), "{bucket}", "Routing buckets each worker serves now.");
        _meter.CreateObservableGauge(
            "sticky_actors.buckets.held_for_others", () => Per((v, id) => v.HeldForOthers(id)), "{bucket}", "Buckets each worker serves whose home is another worker.");
        _meter.CreateObservableGauge(
            "sticky_actors.buckets.away_from_home", () => Per((v, id) => v.AwayFromHome(id)), "{bucket}", "Each worker's home buckets it does not serve now (at other workers, or waiting for it).");
    }

    /// <summary>
    /// Per worker slot: 1 while the master has given up on it (crash loop, <c>workers.crash-loop</c>),
    /// else 0; read from <paramref name="givenUp"/> only when a listener collects.
    /// </summary>
    public void ObserveGivenUp(Func<int, bool> givenUp)
    {
        var workerTags = _workerTags;
        _meter.CreateObservableGauge(
            "sticky_actors.worker.given_up",
            () => workerTags.Take(ActiveSlots(workerTags.Length)).Select((tag, id) => new Measurement<int>(givenUp(id) ? 1 : 0, tag)),
            "{slot}",
            "1 while the master has given up on the worker slot after a crash loop (workers.crash-loop.max-exits), else 0.");
    }

    /// <summary>
    /// Per worker slot, connections its workers accepted themselves from the slot socket under kernel
    /// steering (reported with their pongs); read from <paramref name="steered"/> only when a listener collects.
    /// </summary>
    public void ObserveSteered(Func<int, long> steered)
    {
        var workerTags = _workerTags;
        _meter.CreateObservableCounter(
            "sticky_actors.connections.steered",
            () => workerTags.Take(ActiveSlots(workerTags.Length)).Select((tag, id) => new Measurement<long>(steered(id), tag)),
            "{connection}",
            "Connections each worker accepted itself from its slot socket under kernel steering (the master never saw them).");
    }

    /// <summary>
    /// Affinity cookies (<c>affinity.key = bucket-cookie</c>) by outcome: <c>routed</c> to the bucket
    /// they name, or <c>rejected</c> (invalid, routed by the client address instead).
    /// </summary>
    public void ObserveAffinityCookies(AffinityCookieCounters cookies)
    {
        var routed = new KeyValuePair<string, object?>("outcome", "routed");
        var rejected = new KeyValuePair<string, object?>("outcome", "rejected");
        _meter.CreateObservableCounter(
            "sticky_actors.affinity_cookies",
            () => new[] { new Measurement<long>(cookies.Routed, routed), new Measurement<long>(cookies.Rejected, rejected) },
            "{request}",
            "Requests with an affinity cookie: routed to the bucket it names, or rejected (invalid) and routed by the client address.");
    }

    /// <summary>
    /// In a cluster: forwarded connections and bytes, forward failures and refused inbound forwards
    /// (from <paramref name="forwarding"/>), and the members by state and the buckets each owner host
    /// holds (from the last view <paramref name="view"/> returns; null before the first).
    /// </summary>
    public void ObserveCluster(Func<ForwardingStatus> forwarding, Func<IReadOnlyList<HostStatus>?> view)
    {
        var outbound = new KeyValuePair<string, object?>("direction", "out");
        var inbound = new KeyValuePair<string, object?>("direction", "in");
        var toOwner = new KeyValuePair<string, object?>("direction", "to_owner");
        var fromOwner = new KeyValuePair<string, object?>("direction", "from_owner");
        _meter.CreateObservableCounter(
            "sticky_actors.forward.connections",
            () => forwarding() is var f ? new[] { new Measurement<long>(f.ForwardedOut, outbound), new Measurement<long>(f.ForwardedIn, inbound) } : [],
            "{connection}",
            "Connections forwarded to the host owning them (out) and taken from other hosts (in).");
        _meter.CreateObservableCounter(
            "sticky_actors.forward.bytes",
            () => forwarding() is var f ? new[] { new Measurement<long>(f.BytesToOwners, toOwner), new Measurement<long>(f.BytesFromOwners, fromOwner) } : [],
            "By",
            "Bytes copied between clients and the hosts owning them.");
        _meter.CreateObservableCounter("sticky_actors.forward.failures", () => forwarding().Failures, "{connection}", "Forwards whose owner could not be reached (served by the next host in line).");
        _meter.CreateObservableCounter("sticky_actors.forward.rejected", () => forwarding().RejectedIn, "{connection}", "Inbound forwards refused: not from a member, or failed authentication.");
        _meter.CreateObservableUpDownCounter("sticky_actors.forward.open", () => forwarding().Open, "{connection}", "Forwarded connections open now.");
        _meter.CreateObservableGauge(
            "sticky_actors.cluster.members",
            () => view() is { } v
                ? v.GroupBy(h => h.Reachable ? h.State : "Unreachable").Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key))).ToArray()
                : [],
            "{host}",
            "Cluster members known to this host, by state (an unreachable member counts as Unreachable).");
        _meter.CreateObservableGauge(
            "sticky_actors.cluster.buckets",
            () => view() is { } v
                ? v.Select(h => new Measurement<int>(h.BucketsOwned, new KeyValuePair<string, object?>("host", h.Address))).ToArray()
                : [],
            "{bucket}",
            "Buckets each member owns in this host's table.");
    }

    /// <summary>Disposes the meter if this object created it (a meter factory owns the ones it made).</summary>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
