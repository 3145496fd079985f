using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using StickyActors.ControlPlane;

namespace StickyActors.SignalR;

/// <summary>
/// Serializes a hub message once per protocol the hub supports (as the Redis backplane does), so
/// every receiving process writes those bytes as they are, whatever protocol each connection speaks.
/// </summary>
internal sealed class HubPayloadWriter<THub>
    where THub : Hub
{
    private readonly IHubProtocol[] _protocols;

    public HubPayloadWriter(IHubProtocolResolver resolver, IOptions<HubOptions> globalOptions, IOptions<HubOptions<THub>> hubOptions)
    {
        var supported = (hubOptions.Value.SupportedProtocols ?? globalOptions.Value.SupportedProtocols ?? []).ToList();
        _protocols = [.. supported.Select(name => resolver.GetProtocol(name, supported)).OfType<IHubProtocol>()];
    }

    /// <summary>Serialized by every protocol; the result also serves this process's own connections.</summary>
    public (SerializedHubMessage Local, IReadOnlyList<BackplanePayload> Payloads) Write(HubMessage message)
    {
        var serialized = new List<SerializedMessage>(_protocols.Length);
        var payloads = new BackplanePayload[_protocols.Length];
        for (var i = 0; i < _protocols.Length; i++)
        {
            var bytes = _protocols[i].GetMessageBytes(message);
            serialized.Add(new SerializedMessage(_protocols[i].Name, bytes));
            payloads[i] = new BackplanePayload(_protocols[i].Name, bytes);
        }

        return (new SerializedHubMessage(serialized), payloads);
    }

    /// <summary>What another process serialized, ready to write to this process's connections.</summary>
    public static SerializedHubMessage Read(IReadOnlyList<BackplanePayload> payloads) =>
        new([.. payloads.Select(p => new SerializedMessage(p.Protocol, p.Bytes))]);
}
