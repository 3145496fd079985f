using System.Buffers;
using System.Buffers.Binary;
using StickyActors.Configuration;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Preamble;

/// <summary>
/// The preamble of one connection as a pure state machine: fed the bytes the client has sent so far
/// (peeked, still on the socket), it says how many to take off and whether to read more, route or
/// reject. A PROXY header is consumed exactly (nothing of the stream after it); everything taken
/// after the header is kept to be replayed to the worker. A PROXY v2 header longer than the kept
/// buffer (large TLVs from a cloud balancer) is gathered in a pooled buffer of its declared length,
/// rented when that length is known and returned when the header ends (or the connection does).
/// </summary>
internal sealed class PreambleMachine
{
    private readonly AffinitySettings _affinity;
    private readonly PreambleSettings _limits;
    private readonly AffinityKeyPolicy _keys;
    private readonly byte[] _kept;
    private byte[]? _largeProxy;
    private int _keptLength;
    private int _proxyBytes;
    private bool _expectProxy;
    private bool _refuseProxy;
    private ClientAddress _client;

    public PreambleMachine(AffinitySettings affinity, PreambleSettings limits, AffinityKeyPolicy keys, ClientAddress peer, bool peerTrusted)
    {
        _affinity = affinity;
        _limits = limits;
        _keys = keys;
        _client = peer;
        _kept = new byte[Math.Max(ProxyProtocolParser.MaxV1Length, affinity.IsHttpKey ? limits.MaxRequestHead : 0) + 16];
        _expectProxy = affinity.ProxyProtocol != ProxyProtocolMode.Off && peerTrusted;
        _refuseProxy = affinity.ProxyProtocol != ProxyProtocolMode.Off && !peerTrusted;
    }

    /// <summary>The bytes to replay to the worker before the rest of the stream.</summary>
    public ReadOnlyMemory<byte> Replay => _kept.AsMemory(0, _keptLength);

    /// <summary>Decides the first step before any byte arrived (an untrusted peer when PROXY is required).</summary>
    public PreambleDecision? Initial() =>
        _refuseProxy && _affinity.ProxyProtocol == ProxyProtocolMode.Required
            ? Reject(0, PreambleRejection.UntrustedProxy, "peer is not in listen.trusted-proxies")
            : null;

    public PreambleDecision Step(ReadOnlySpan<byte> peeked)
    {
        if (_expectProxy || _refuseProxy)
        {
            return ProxyStep(peeked);
        }

        return _affinity.IsHttpKey ? HttpStep(peeked) : Route(0);
    }

    /// <summary>Gives back a pooled buffer still held for a long PROXY v2 header (idempotent).</summary>
    public void ReturnBuffers()
    {
        if (_largeProxy is { } large)
        {
            _largeProxy = null;
            ArrayPool<byte>.Shared.Return(large);
        }
    }

    private PreambleDecision ProxyStep(ReadOnlySpan<byte> peeked)
    {
        // The PROXY bytes consumed so far are kept at the start of the buffer until the header ends.
        var buffer = _largeProxy ?? _kept;
        var window = Math.Min(peeked.Length, buffer.Length - _proxyBytes);
        peeked[..window].CopyTo(buffer.AsSpan(_proxyBytes));
        var status = ProxyProtocolParser.TryParse(buffer.AsSpan(0, _proxyBytes + window), ProxyProtocolParser.MaxV2Length, out var header, out var error);
        if (_refuseProxy)
        {
            _refuseProxy = false;
            return status == PreambleStatus.NotPresent
                ? Continue(0)
                : Reject(0, PreambleRejection.UntrustedProxy, "PROXY header from a peer not in listen.trusted-proxies");
        }

        if (status == PreambleStatus.NeedMoreData && _proxyBytes + window == buffer.Length && TryGrowForV2(_proxyBytes + window))
        {
            // A valid v2 start whose declared length does not fit the kept buffer: go on in the larger one.
            buffer = _largeProxy!;
            var more = Math.Min(peeked.Length, buffer.Length - _proxyBytes);
            peeked[window..more].CopyTo(buffer.AsSpan(_proxyBytes + window));
            window = more;
            status = ProxyProtocolParser.TryParse(buffer.AsSpan(0, _proxyBytes + window), ProxyProtocolParser.MaxV2Length, out header, out error);
        }

        switch (status)
        {
            case PreambleStatus.Parsed:
                var consume = header.Length - _proxyBytes;
                _proxyBytes = 0;
                _expectProxy = false;
                ReturnBuffers();
                if (!header.Source.IsNone)
                {
                    _client = header.Source;
                }

                return _affinity.IsHttpKey ? new PreambleDecision(consume, PreambleOutcome.ReadMore) : Route(consume);
            case PreambleStatus.NeedMoreData when _proxyBytes + window < buffer.Length:
                // Everything seen so far belongs to the header: take it off the socket.
                _proxyBytes += window;
                return new PreambleDecision(window, PreambleOutcome.ReadMore);
            case PreambleStatus.NotPresent when _affinity.ProxyProtocol == ProxyProtocolMode.Optional:
                // Bytes already taken were a false start of the application stream: replay them.
                _keptLength = _proxyBytes;
                _proxyBytes = 0;
                _expectProxy = false;
                return Continue(0);
            case PreambleStatus.NotPresent:
                return Reject(0, PreambleRejection.MissingProxyHeader, "listen.proxy-protocol is required");
            default:
                ReturnBuffers();
                return Reject(0, PreambleRejection.MalformedProxyHeader, error ?? "PROXY header too long");
        }
    }

    /// <summary>
    /// When the kept buffer holds the start of a v2 header (its 16 fixed bytes, which the parser found
    /// valid so far) declaring more than fits, rents a buffer of the declared length and moves the
    /// bytes taken so far into it. The declared length is at most 16 + 65535 by construction.
    /// </summary>
    private bool TryGrowForV2(int seen)
    {
        if (_largeProxy is not null || seen < 16 || !_kept.AsSpan(0, 12).SequenceEqual(ProxyProtocolParser.V2Signature))
        {
            return false;
        }

        var declared = 16 + BinaryPrimitives.ReadUInt16BigEndian(_kept.AsSpan(14));
        if (declared <= _kept.Length)
        {
            return false;
        }

        _largeProxy = ArrayPool<byte>.Shared.Rent(declared);
        _kept.AsSpan(0, seen).CopyTo(_largeProxy);
        return true;
    }

    private PreambleDecision Continue(int consumed) =>
        _affinity.IsHttpKey ? new PreambleDecision(consumed, PreambleOutcome.ReadMore) : Route(consumed);

    private PreambleDecision HttpStep(ReadOnlySpan<byte> peeked)
    {
        var take = Math.Min(peeked.Length, _kept.Length - _keptLength);
        peeked[..take].CopyTo(_kept.AsSpan(_keptLength));
        _keptLength += take;
        var status = HttpRequestHead.TryFindEnd(_kept.AsSpan(0, _keptLength), _limits.MaxRequestHead, out var headLength, out var error);
        switch (status)
        {
            case PreambleStatus.NeedMoreData:
                return new PreambleDecision(take, PreambleOutcome.ReadMore);
            case PreambleStatus.Parsed:
                // Empty lines before the request line are dropped, not replayed to the worker.
                var skip = HttpRequestHead.LeadingEmptyLines(_kept.AsSpan(0, headLength));
                if (skip > 0)
                {
                    _kept.AsSpan(skip, _keptLength - skip).CopyTo(_kept);
                    _keptLength -= skip;
                    headLength -= skip;
                }

                var head = _kept.AsSpan(0, headLength);
                return _affinity.Key == AffinityKeySource.BucketCookie
                    ? RouteByCookie(take, head)
                    : new PreambleDecision(take, PreambleOutcome.Route, _client, KeyFromHead(head));
            default:
                var tooLarge = _keptLength >= _limits.MaxRequestHead;
                return Reject(take, tooLarge ? PreambleRejection.RequestHeadTooLarge : PreambleRejection.MalformedRequest, error);
        }
    }

    private ulong KeyFromHead(ReadOnlySpan<byte> head)
    {
        if (!HttpRequestHead.TryGetKey(head, HttpKind(_affinity.Key), _keys.Name, out var range))
        {
            return _keys.ForClient(_client);
        }

        if (_affinity.Key == AffinityKeySource.Header && _affinity.Name.Equals("X-Forwarded-For", StringComparison.OrdinalIgnoreCase))
        {
            return ForwardedFor.TryPickClient(head[range], _affinity.TrustedProxies, out var forwarded)
                ? _keys.ForClient(forwarded)
                : _keys.ForClient(_client);
        }

        return _keys.ForValue(head[range]);
    }

    /// <summary>To the bucket a valid affinity cookie names; without one, or with an invalid one (counted), by address.</summary>
    private PreambleDecision RouteByCookie(int consume, ReadOnlySpan<byte> head)
    {
        var bucket = HttpRequestHead.TryGetKey(head, AffinityKeyKind.Cookie, _keys.Name, out var range)
            ? _keys.BucketOfCookie(head[range])
            : -1;
        return new PreambleDecision(consume, PreambleOutcome.Route, _client, _keys.ForClient(_client), Bucket: bucket);
    }

    private PreambleDecision Route(int consume) => new(consume, PreambleOutcome.Route, _client, _keys.ForClient(_client));

    private static PreambleDecision Reject(int consume, PreambleRejection why, string? detail) =>
        new(consume, PreambleOutcome.Reject, Rejection: why, Detail: detail);

    private static AffinityKeyKind HttpKind(AffinityKeySource key) => key switch
    {
        AffinityKeySource.Cookie or AffinityKeySource.BucketCookie => AffinityKeyKind.Cookie,
        AffinityKeySource.Query => AffinityKeyKind.QueryParameter,
        _ => AffinityKeyKind.Header,
    };
}
