using System.Text.Json;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// Runs one of the browser/ scripts with Node: its input is one JSON argument, its answer the JSON
/// on a line starting <c>result </c>. Bounded in time; a script still running then is killed.
/// </summary>
internal static class NodeScript
{
    private const string ResultPrefix = "result ";

    public static async Task<JsonElement> RunAsync(string script, object input, TimeSpan timeout)
    {
        var path = RepoPaths.BrowserScript(script);
        await using var node = ChildProcess.Start($"node {script}", "node", [path, JsonSerializer.Serialize(input)]);
        var result = node.WaitForLineAsync(line => line.StartsWith(ResultPrefix, StringComparison.Ordinal), timeout);
        if (!await node.WaitForExitAsync(timeout))
        {
            node.KillTree();
            throw new TimeoutException($"{script} still ran after {timeout.TotalSeconds:0} s:{Environment.NewLine}{node.RecentOutput()}");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with code {node.ExitCode}:{Environment.NewLine}{node.RecentOutput()}");
        }

        using var document = JsonDocument.Parse((await result)[ResultPrefix.Length..]);
        return document.RootElement.Clone();
    }
}
