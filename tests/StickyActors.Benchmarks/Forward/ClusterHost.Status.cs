using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using StickyActors.Benchmarks.Load;
using StickyActors.Diagnostics;
using StickyActors.Supervision;

namespace StickyActors.Benchmarks.Forward;

/// <summary>The host's status over its master's status socket (what <c>Hello status PID</c> prints), parsed.</summary>
internal sealed partial class ClusterHost
{
    private static readonly TimeSpan s_statusTimeout = TimeSpan.FromSeconds(10);
    private static readonly JsonSerializerOptions s_json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The master's status; remembers its worker pids, so Dispose can kill any that outlive it.</summary>
    public async Task<ClusterStatus> StatusAsync()
    {
        var status = Parse<ClusterStatus>(await QueryAsync(string.Empty).ConfigureAwait(false));
        lock (_workerPids)
        {
            _workerPids.UnionWith(status.Workers.Where(w => w.Pid > 0).Select(w => w.Pid));
        }

        return status;
    }

    /// <summary>Where this host sends the connections of <paramref name="client"/> (host byte order).</summary>
    public async Task<ClientRoute> RouteAsync(uint client) =>
        Parse<ClientRoute>(await QueryAsync(StatusCommand.ClientRequest + SockAddr.Format(client)).ConfigureAwait(false));

    /// <summary>The status, or null while the master does not answer yet (its status socket not bound).</summary>
    public async Task<ClusterStatus?> TryStatusAsync()
    {
        try
        {
            return await StatusAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Master.ThrowIfExited();
            return null;
        }
    }

    private async Task<string> QueryAsync(string request)
    {
        using var timeout = new CancellationTokenSource(s_statusTimeout);
        try
        {
            return await StatusCommand.QueryJsonAsync(Master.Pid, timeout.Token, request).ConfigureAwait(false);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"host {Name} (pid {Master.Pid}) did not answer '{request}' within {s_statusTimeout.TotalSeconds:0} s.", e);
        }
    }

    private static T Parse<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, s_json) ?? throw new FormatException($"Not a {typeof(T).Name}: {json}");
}
