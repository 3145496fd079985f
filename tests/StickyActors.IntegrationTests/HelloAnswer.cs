using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>What Hello answered: which worker (id and pid) and which client address it saw.</summary>
internal sealed partial record HelloAnswer(int Status, int WorkerId, int Pid, string? ClientAddress)
{
    public static HelloAnswer Parse(string response)
    {
        var status = StatusLine().Match(response);
        var worker = WorkerBody().Match(response);
        var pid = PidHeader().Match(response);
        var client = ClientHeader().Match(response);
        return new HelloAnswer(
            status.Success ? int.Parse(status.Groups[1].Value) : 0,
            worker.Success ? int.Parse(worker.Groups[1].Value) : -1,
            pid.Success ? int.Parse(pid.Groups[1].Value) : 0,
            client.Success ? client.Groups[1].Value.Trim() : null);
    }

    [GeneratedRegex(@"^HTTP/1\.1 (\d{3})")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"worker: (\d+)")]
    private static partial Regex WorkerBody();

    [GeneratedRegex(@"(?im)^X-Worker-Pid: (\d+)")]
    private static partial Regex PidHeader();

    [GeneratedRegex(@"(?im)^X-Client-Address: ([^\r\n]+)")]
    private static partial Regex ClientHeader();
}
