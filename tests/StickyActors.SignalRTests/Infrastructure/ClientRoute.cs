using System.Globalization;
using System.Net;
using System.Text.Json;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// A master's answer to <c>Chat status PID --client ADDRESS</c>: the cluster member owning that
/// client's bucket, whether that is the master asked, and (only then) the worker serving it.
/// </summary>
internal sealed record ClientRoute(string Host, bool ThisHost, int? WorkerPid)
{
    /// <summary>Runs the status command against the master <paramref name="masterPid"/>.</summary>
    public static async Task<ClientRoute> AskAsync(int masterPid, IPAddress client, TimeSpan timeout)
    {
        await using var command = ChildProcess.Start("chat status", "dotnet", [RepoPaths.ChatDll, "status", masterPid.ToString(CultureInfo.InvariantCulture), "--client", client.ToString()]);
        var line = await command.WaitForLineAsync(l => l.StartsWith('{'), timeout);
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var pid = root.GetProperty("WorkerPid");
        return new ClientRoute(
            root.GetProperty("Host").GetString() ?? string.Empty,
            root.GetProperty("ThisHost").GetBoolean(),
            pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : null);
    }
}
