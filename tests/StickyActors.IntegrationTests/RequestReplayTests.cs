using System.Net;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>
/// With an HTTP affinity key the master reads the request head to find the key, then hands the
/// connection over; the worker must read exactly the bytes the client sent. The echo test app answers
/// with the raw bytes its worker read, compared here byte for byte.
/// </summary>
public sealed class RequestReplayTests
{
    private static readonly string s_echo = RepoPaths.TestAppDll("StickyActors.EchoApp");

    public static TheoryData<string> HttpKeyModes() => new()
    {
        "sticky-actors.affinity { key = cookie, name = sid }",
        "sticky-actors.affinity { key = header, name = X-Session }",
        "sticky-actors.affinity { key = query, name = sid }",
        // No head read at all: the control case.
        "sticky-actors.affinity.key = client-ip",
        // Nor a handoff: the worker accepts from its own slot socket.
        "sticky-actors.affinity.key = client-ip\nsticky-actors.listen.steering = kernel",
    };

    [Theory]
    [MemberData(nameof(HttpKeyModes))]
    public async Task HttpKey_WholeDribbledAndPipelinedRequests_WorkerReadsTheExactBytes(string affinity)
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, affinity, app: s_echo);

        // In one write, with a binary body.
        var whole = Request("s-1", Body(1500), close: true);
        var response = Assert.Single(await RawHttp.ExchangeAsync(IPAddress.Parse("127.0.50.1"), cluster.Port, [whole]));
        Assert.Equal(200, response.Status);
        AssertSameBytes(whole, response.Body);
        Assert.Equal("True", response.Header("X-No-Delay"));

        // Split over many writes of 1 to 7 bytes, each its own segment: the master reads a partial head many times.
        var dribbled = Request("s-2", Body(300), close: true);
        AssertSameBytes(dribbled, Assert.Single(await RawHttp.ExchangeAsync(IPAddress.Parse("127.0.50.2"), cluster.Port, RawHttp.Dribble(dribbled), pause: true)).Body);

        // Two requests in one write: the master's read reaches into the second; both arrive, in order.
        var first = Request("s-3", Body(700), close: false);
        var second = Request("s-3", Encoding.ASCII.GetBytes("second"), close: true);
        var pipelined = await RawHttp.ExchangeAsync(IPAddress.Parse("127.0.50.3"), cluster.Port, [[.. first, .. second]]);
        Assert.Equal(2, pipelined.Count);
        AssertSameBytes(first, pipelined[0].Body);
        AssertSameBytes(second, pipelined[1].Body);
        Assert.Equal(pipelined[0].Header("X-Worker-Pid"), pipelined[1].Header("X-Worker-Pid"));
    }

    [Fact]
    public async Task ProxyHeaderAndCookieKey_DribbledRequest_WorkerReadsTheRequestWithoutTheProxyHeader()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, """
            sticky-actors.listen.proxy-protocol = required
            sticky-actors.affinity { key = cookie, name = sid }
            """, app: s_echo);
        var request = Request("s-4", Body(200), close: true);
        byte[] sent = [.. ProxyHeaders.V2(IPAddress.Parse("203.0.113.9"), 4321), .. request];

        var responses = await RawHttp.ExchangeAsync(IPAddress.Loopback, cluster.Port, RawHttp.Dribble(sent), pause: true);

        AssertSameBytes(request, Assert.Single(responses).Body);
    }

    [Fact]
    public async Task CookieKey_SameSessionFromManyAddresses_AlwaysTheSameWorkerAndIntactBytes()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2, "sticky-actors.affinity { key = cookie, name = sid }", app: s_echo);
        await StickinessTests.WaitBalancedAsync(cluster);

        var workersBySession = new Dictionary<string, HashSet<string?>>();
        for (var session = 0; session < 12; session++)
        {
            var sid = $"session-{session}";
            workersBySession[sid] = [];
            for (var source = 1; source <= 3; source++)
            {
                var request = Request(sid, Body(64 + session), close: true);
                var response = Assert.Single(await RawHttp.ExchangeAsync(IPAddress.Parse($"127.0.51.{(session * 3) + source}"), cluster.Port, [request]));
                AssertSameBytes(request, response.Body);
                workersBySession[sid].Add(response.Header("X-Worker-Id"));
            }
        }

        Assert.All(workersBySession.Values, workers => Assert.Single(workers));
        Assert.Equal(2, workersBySession.Values.Select(w => w.Single()).Distinct().Count());
    }

    /// <summary>A POST carrying the key in the cookie, the header and the query alike (each mode finds its own).</summary>
    private static byte[] Request(string key, byte[] body, bool close) =>
    [
        .. Encoding.ASCII.GetBytes(
            $"POST /echo/path?a=1&sid={key}&b=%20x HTTP/1.1\r\n" +
            "Host: example.test\r\n" +
            $"X-Session: {key}\r\n" +
            $"Cookie: theme=dark; sid={key}; other=1\r\n" +
            "x-lower-case:  spaced value \r\n" +
            "Content-Type: application/octet-stream\r\n" +
            $"Content-Length: {body.Length}\r\n" +
            (close ? "Connection: close\r\n" : string.Empty) +
            "\r\n"),
        .. body,
    ];

    /// <summary>Every byte value, repeated: CR, LF and NUL included.</summary>
    private static byte[] Body(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 7) + 13))];

    private static void AssertSameBytes(byte[] sent, byte[] echoed)
    {
        if (!sent.AsSpan().SequenceEqual(echoed))
        {
            var at = sent.AsSpan().CommonPrefixLength(echoed);
            Assert.Fail($"the worker read {echoed.Length} bytes, the client sent {sent.Length}; first difference at byte {at}:\n"
                + $"sent:   {Encoding.Latin1.GetString(sent, 0, Math.Min(sent.Length, at + 40))}\n"
                + $"echoed: {Encoding.Latin1.GetString(echoed, 0, Math.Min(echoed.Length, at + 40))}");
        }
    }
}
