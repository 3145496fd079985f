using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using StickyActors.SignalRTests.Infrastructure;

namespace StickyActors.SignalRTests;

/// <summary>
/// The Chat sample's page in headless Chromium (playwright-core driving Debian's chromium), over
/// long polling: with StickyActors, and without (SO_REUSEPORT) to show why stickiness is needed.
/// </summary>
public sealed class BrowserChatTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);
    private const int StepTimeoutMs = 20_000;

    [Fact(Timeout = 150_000)]
    public async Task LongPolling_TwoBrowsersFromDifferentAddressesOnDifferentWorkers_SeeEachOthersMessages()
    {
        using var cancel = new CancellationTokenSource(StartTimeout);
        await using var cluster = await ChatCluster.StartAsync(workers: 2, StartTimeout);
        var placed = await ServedBy.OnDistinctWorkersAsync(cluster.BaseUri, 2, cancel.Token);
        await using var alice = LoopbackForwarder.Start(placed[0].Source, cluster.EndPoint);
        await using var bob = LoopbackForwarder.Start(placed[1].Source, cluster.EndPoint);
        await using var browser = await ChromiumBrowser.LaunchAsync(StartTimeout);

        var result = await NodeScript.RunAsync("two-users.mjs", new
        {
            cdpUrl = browser.WebSocketUrl,
            timeoutMs = StepTimeoutMs,
            users = new[] { new { name = "alice", url = alice.BaseUri.ToString() }, new { name = "bob", url = bob.BaseUri.ToString() } },
        }, ScriptTimeout);
        output.WriteLine($"sources {placed[0].Source}, {placed[1].Source}: {result}");

        var users = result.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            Assert.True(user.GetProperty("state").GetString() == "connected", $"{Name(user)}: {user.GetProperty("detail").GetString()}");
            Assert.Equal(placed[i].Worker.WorkerId, user.GetProperty("workerId").GetInt32());
            Assert.Equal(placed[i].Worker.Pid, user.GetProperty("pid").GetInt32());
            Assert.True(user.GetProperty("polls").GetInt32() > 0, $"{Name(user)} made no long-polling request");
            Assert.True(user.GetProperty("sawOther").GetBoolean(), $"{Name(user)} never saw the other user's message");
        }

        Assert.NotEqual(users[0].GetProperty("workerId").GetInt32(), users[1].GetProperty("workerId").GetInt32());
    }

    [Fact(Timeout = 240_000)]
    public async Task LongPolling_TwoBrowsersOnTwoHostsEachEnteringThroughTheOtherHost_SeeEachOthersMessages()
    {
        // Alice's address belongs to host 1 and bob's to host 2; each browser enters through the
        // other host, so every request of theirs is forwarded to its owner, and each message
        // reaches the other user only through the backplane between the two masters.
        var clusterTimeout = TimeSpan.FromSeconds(90);
        await using var hosts = await ChatHosts.StartAsync(hosts: 2, workers: 2, clusterTimeout);
        var owners = await OneClientOwnedByEachHostAsync(hosts);
        await using var alice = LoopbackForwarder.Start(owners[0].Source, hosts.Masters[1].EndPoint);
        await using var bob = LoopbackForwarder.Start(owners[1].Source, hosts.Masters[0].EndPoint);
        await using var browser = await ChromiumBrowser.LaunchAsync(StartTimeout);

        var result = await NodeScript.RunAsync("two-users.mjs", new
        {
            cdpUrl = browser.WebSocketUrl,
            timeoutMs = StepTimeoutMs,
            users = new[] { new { name = "alice", url = alice.BaseUri.ToString() }, new { name = "bob", url = bob.BaseUri.ToString() } },
        }, ScriptTimeout);
        output.WriteLine($"alice {owners[0].Source} (host 1, worker {owners[0].WorkerPid}) through host 2, bob {owners[1].Source} (host 2, worker {owners[1].WorkerPid}) through host 1: {result}");
        var statusLines = await hosts.StatusLinesAsync();
        var status = string.Join(Environment.NewLine, statusLines);
        output.WriteLine(status);

        var users = result.GetProperty("users").EnumerateArray().ToList();
        Assert.Equal(2, users.Count);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            Assert.True(user.GetProperty("state").GetString() == "connected", $"{Name(user)}: {user.GetProperty("detail").GetString()}{Environment.NewLine}{status}");
            Assert.Equal(owners[i].WorkerPid, user.GetProperty("pid").GetInt32());
            Assert.True(user.GetProperty("polls").GetInt32() > 0, $"{Name(user)} made no long-polling request");
            Assert.True(user.GetProperty("sawOther").GetBoolean(), $"{Name(user)} never saw the other user's message{Environment.NewLine}{status}");
        }

        // Each served by a worker of its own host: two processes under two different masters.
        Assert.Contains(owners[0].WorkerPid, hosts.Masters[0].WorkerPids);
        Assert.Contains(owners[1].WorkerPid, hosts.Masters[1].WorkerPids);
        // Every connection a browser opened went to the other host: each master forwarded all it
        // accepted, and took in the other's.
        Assert.All(statusLines.Select(StickyStatusLine.Forwarding), f => Assert.True(f.Accepted > 0 && f.ForwardedOut == f.Accepted && f.ForwardedIn > 0, $"{f}{Environment.NewLine}{status}"));
    }

    [Fact(Timeout = 150_000)]
    public async Task LongPolling_SameAttemptsAgainstStickyActors_EveryAttemptEchoesOnTheClientsWorker()
    {
        // The positive counterpart of the SO_REUSEPORT control below: the same page, the same
        // attempts, 3 workers; with stickiness every attempt works, and all of them (one client
        // address, 127.0.0.1) are served by the worker that address belongs to.
        const int Attempts = 12;
        await using var cluster = await ChatCluster.StartAsync(workers: 3, StartTimeout);
        using var cancel = new CancellationTokenSource(StartTimeout);
        var owner = await ServedBy.AskAsync(cluster.BaseUri, IPAddress.Loopback, cancel.Token);
        await using var browser = await ChromiumBrowser.LaunchAsync(StartTimeout);

        var result = await NodeScript.RunAsync("reuseport-attempts.mjs", new
        {
            cdpUrl = browser.WebSocketUrl,
            url = cluster.BaseUri.ToString(),
            timeoutMs = StepTimeoutMs,
            messageTimeoutMs = 5_000,
            maxAttempts = Attempts,
        }, TimeSpan.FromSeconds(120));
        output.WriteLine(result.ToString());

        var attempts = result.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(Attempts, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.GetProperty("echoed").GetBoolean(), a.ToString()));
        Assert.All(attempts, a => Assert.Equal(owner.WorkerId, a.GetProperty("workerId").GetInt32()));
    }

    [Fact(Timeout = 150_000)]
    public async Task LongPolling_ReusePortWithoutAffinity_FailsToConnectOrLosesMessages()
    {
        const int MaxAttempts = 12;
        await using var cluster = await ReusePortCluster.StartAsync(instances: 3, StartTimeout);
        await using var browser = await ChromiumBrowser.LaunchAsync(StartTimeout);

        var result = await NodeScript.RunAsync("reuseport-attempts.mjs", new
        {
            cdpUrl = browser.WebSocketUrl,
            url = cluster.BaseUri.ToString(),
            timeoutMs = StepTimeoutMs,
            messageTimeoutMs = 5_000,
            maxAttempts = MaxAttempts,
        }, TimeSpan.FromSeconds(120));
        output.WriteLine(result.ToString());

        // Each fresh page needs at least two TCP connections at once (a pending poll and a send);
        // with 3 processes and no affinity, all of them land on the connection's owner about one
        // time in three, so 12 clean attempts in a row would happen about once in 500 000 runs.
        var attempts = result.GetProperty("attempts").EnumerateArray().ToList();
        var failed = attempts.Where(a => !a.GetProperty("echoed").GetBoolean()).ToList();
        Assert.True(failed.Count > 0, $"all {attempts.Count} long-polling attempts worked without affinity");
        // The failed attempt either shows the 404 of a request that reached the wrong process, or
        // stayed "connected" while its own message never came back.
        var first = failed[0];
        var reason = first.GetProperty("detail").GetString() + " / " + first.GetProperty("finalStatus").GetString();
        var notFound = reason.Contains("No Connection with that ID", StringComparison.Ordinal) || reason.Contains("404", StringComparison.Ordinal);
        var lostMessage = first.GetProperty("state").GetString() == "connected";
        Assert.True(notFound || lostMessage, $"unexpected failure: {reason}");
    }

    /// <summary>Source addresses 127.0.40.1, .2, … asked in turn until one is owned by host 1 and one by host 2.</summary>
    private static async Task<IReadOnlyList<(IPAddress Source, int WorkerPid)>> OneClientOwnedByEachHostAsync(ChatHosts hosts)
    {
        var found = new (IPAddress Source, int WorkerPid)?[2];
        for (var i = 1; i < 255 && found.Any(f => f is null); i++)
        {
            var source = IPAddress.Parse($"127.0.40.{i}");
            var (host, pid) = await hosts.OwnerAsync(source, TimeSpan.FromSeconds(20));
            found[host] ??= (source, pid);
        }

        return [.. found.Select(f => f ?? throw new InvalidOperationException("No address of 127.0.40.0/24 is owned by each host."))];
    }

    private static string Name(JsonElement user) => user.GetProperty("name").GetString() ?? "?";
}
