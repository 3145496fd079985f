using System.Globalization;
using System.Text.RegularExpressions;

namespace StickyActors.IntegrationTests;

/// <summary>What an operator reads: a quiet start, a few requests and a stop fit on one screen, every line naming its process.</summary>
public sealed class QuietLogTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task QuietStartRequestsStop_AtMostFifteenLinesEachNamingItsProcess()
    {
        await using var cluster = HelloCluster.Launch(workers: 2);
        var accepting = await cluster.Output.WaitForAsync(new Regex(@"accepting on 127\.0\.0\.1:(\d+)"), s_timeout);
        var port = int.Parse(accepting.Groups[1].Value, CultureInfo.InvariantCulture);
        await cluster.Output.WaitForAsync(new Regex(@"Worker 0 ready [\d.]+ ms after launch"), s_timeout);
        await cluster.Output.WaitForAsync(new Regex(@"Worker 1 ready [\d.]+ ms after launch"), s_timeout);
        foreach (var source in HttpProbe.Sources(block: 41, count: 6))
        {
            Assert.Equal(200, (await HttpProbe.GetAsync(source, port, TimeSpan.FromSeconds(10))).Status);
        }

        Interop.Libc.Kill(cluster.MasterPid, Interop.Libc.SIGTERM);
        await cluster.Process.WaitForExitAsync().WaitAsync(s_timeout);
        await Task.Delay(200); // the output readers drain what the exited process wrote last

        var lines = cluster.Output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length <= 15, $"{lines.Length} lines:\n{cluster.Output}");
        Assert.All(lines, line => Assert.Matches(@"\[master \d+\]|\[worker \d pid \d+\]|^Hello master \d+ ", line));
        Assert.Contains(lines, line => line.Contains("[worker 0 pid ", StringComparison.Ordinal) && line.Contains("Now listening on: http://127.0.0.1:" + port + " (worker 0)", StringComparison.Ordinal));
        var akka = lines.Where(line => line.Contains("Akka", StringComparison.Ordinal) || line.Contains("[INFO]", StringComparison.Ordinal)).ToArray();
        Assert.True(akka.Length == 0, "Akka's own lines reached the operator:\n" + string.Join('\n', akka));
    }
}
