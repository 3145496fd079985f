using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace StickyActors.IntegrationTests;

/// <summary>
/// <c>affinity.key = bucket-cookie</c>: many clients behind one address, each pinned to a worker by
/// the cookie the workers set, spread over the workers; forged cookies route by address.
/// </summary>
public sealed partial class AffinityCookieTests(ITestOutputHelper output)
{
    private const string Config = """
        sticky-actors.affinity { key = bucket-cookie, name = sa }
        """;

    [Fact]
    public async Task BucketCookie_200BrowsersBehindOneAddressFromBeforeTheWorkersStart_EachKeepsOneWorkerAndTheySpreadEvenly()
    {
        const int workers = 4;
        await using var cluster = HelloCluster.Launch(workers, Config);
        var port = int.Parse((await cluster.Output.WaitForAsync(AcceptingLine(), TimeSpan.FromSeconds(60))).Groups[1].Value, CultureInfo.InvariantCulture);
        var nat = IPAddress.Parse("127.0.41.7");

        // Traffic starts now, while the workers are still starting, and goes on until every browser is done.
        var browsers = Enumerable.Range(0, 200).Select(_ => new CookieBrowser(nat, port, "sa")).ToList();
        try
        {
            await Task.WhenAll(browsers.Select(b => b.RunAsync(requestsAfterCookie: 6, TimeSpan.FromSeconds(120))));
            var status = await cluster.StatusAsync();

            Assert.All(browsers, b => Assert.Single(b.CookieValues));
            Assert.All(browsers, b => Assert.Single(b.WorkersAfterCookie.Distinct()));
            var perWorker = browsers.GroupBy(b => b.WorkersAfterCookie[0]).ToDictionary(g => g.Key, g => g.Count());
            var ratio = perWorker.Values.Max() / (200.0 / workers);
            output.WriteLine($"browsers per worker: {string.Join(", ", perWorker.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}; max/mean {ratio:F2}");
            Assert.Equal(workers, perWorker.Count);
            Assert.True(ratio <= 1.3, $"max/mean {ratio:F2} > 1.3");
            Assert.Contains("\"AffinityCookiesRejected\":0", status.Raw, StringComparison.Ordinal);
        }
        finally
        {
            browsers.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public async Task BucketCookie_ForgedValues_RouteByAddressAreCountedAndNeverFail()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, Config);
        await StickinessTests.WaitBalancedAsync(cluster);
        string[] forged = ["garbage", "0AAAAAAAA", "1zzzzzzzz", "1AAAAAAAA", "\"1_-_-_-_-\"", "session-7f3a9c", new string('1', 9), "%00%FF", "sa=sa="];
        var sources = HttpProbe.Sources(block: 42, count: 8);
        var rejectedBefore = Rejected((await cluster.StatusAsync()).Raw);

        foreach (var source in sources)
        {
            var byAddress = await SendAsync(source, cluster.Port, cookie: null);
            Assert.Equal(200, byAddress.Status);
            foreach (var value in forged)
            {
                var answer = await SendAsync(source, cluster.Port, $"sa={value}");
                Assert.Equal(200, answer.Status);
                Assert.Equal(byAddress.WorkerId, answer.WorkerId);
            }
        }

        var status = await cluster.StatusAsync();
        Assert.Equal(sources.Length * forged.Length, Rejected(status.Raw) - rejectedBefore);
        Assert.DoesNotContain("MalformedRequest", status.Raw, StringComparison.Ordinal);
    }

    private static Task<HelloAnswer> SendAsync(IPAddress source, int port, string? cookie) =>
        HttpProbe.SendAsync(source, port, Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: x\r\n{(cookie is null ? string.Empty : $"Cookie: theme=dark; {cookie}\r\n")}Connection: close\r\n\r\n"), TimeSpan.FromSeconds(10));

    private static long Rejected(string statusJson) =>
        long.Parse(RejectedField().Match(statusJson).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"accepting on 127\.0\.0\.1:(\d+)")]
    private static partial Regex AcceptingLine();

    [GeneratedRegex("\"AffinityCookiesRejected\":(\\d+)")]
    private static partial Regex RejectedField();
}
