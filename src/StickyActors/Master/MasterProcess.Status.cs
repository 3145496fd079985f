using System.Net;
using System.Runtime.InteropServices;
using StickyActors.Diagnostics;

namespace StickyActors.Master;

/// <summary>Status for operators: SIGUSR1 prints it, <c>app status</c> asks the master over its private status socket.</summary>
internal sealed partial class MasterProcess
{
    private const int SIGUSR1 = 10;

    private StatusEndpoint? _statusEndpoint;

    /// <summary>SIGUSR1 prints the status line, and the status socket answers <c>app status</c>.</summary>
    private void StartStatus()
    {
        _statusEndpoint = StatusEndpoint.TryOpen(AnswerStatusAsync, _log);
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SIGUSR1, context =>
        {
            context.Cancel = true;
            _ = PrintStatusAsync();
        }));
    }

    /// <summary>A status socket request: "" for the status, <c>client ADDRESS</c> for where that client goes.</summary>
    private async Task<string> AnswerStatusAsync(string request)
    {
        if (request.StartsWith(StatusCommand.ClientRequest, StringComparison.Ordinal))
        {
            var address = IPAddress.Parse(request[StatusCommand.ClientRequest.Length..].Trim());
            return StatusJson.Serialize(await GetClientRouteAsync(address).ConfigureAwait(false));
        }

        return await GetStatusJsonAsync().ConfigureAwait(false);
    }

    private async Task PrintStatusAsync()
    {
        try
        {
            Console.Out.WriteLine(StatusJson.LinePrefix + await GetStatusJsonAsync().ConfigureAwait(false));
        }
        catch (Akka.Actor.AskTimeoutException e)
        {
            DiagnosticsLog.StatusFailed(_log, e.Message);
        }
    }
}
