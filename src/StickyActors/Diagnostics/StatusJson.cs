using System.Text.Json;
using System.Text.Json.Serialization;
using StickyActors.Supervision;

namespace StickyActors.Diagnostics;

/// <summary>The status as one line of JSON, states as names (<c>"State":"Running"</c>).</summary>
internal static class StatusJson
{
    /// <summary>The prefix of the line the master prints on SIGUSR1.</summary>
    public const string LinePrefix = "sticky-status ";

    private static readonly JsonSerializerOptions s_options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Serialize(ClusterStatus status) => JsonSerializer.Serialize(status, s_options);

    public static string Serialize(ClientRoute route) => JsonSerializer.Serialize(route, s_options);
}
