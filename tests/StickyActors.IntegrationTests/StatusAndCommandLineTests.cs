using System.Diagnostics;
using System.Text.Json;

namespace StickyActors.IntegrationTests;

/// <summary>The operator's tools: <c>Hello status</c>, the status socket's owner check, and the samples' command line.</summary>
public sealed class StatusAndCommandLineTests
{
    private static readonly TimeSpan s_run = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StatusCommand_RunningMaster_PrintsOneJsonLineWithStateNames()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);

        var (exit, output, _) = await RunAsync("dotnet", RepoPaths.SampleDll("Hello"), "status", cluster.MasterPid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, exit);
        using var status = JsonDocument.Parse(output.Trim());
        Assert.Equal(cluster.MasterPid, status.RootElement.GetProperty("MasterPid").GetInt32());
        var states = status.RootElement.GetProperty("Workers").EnumerateArray().Select(w => w.GetProperty("State").GetString() ?? string.Empty).ToArray();
        Assert.Equal(["Running", "Running"], states);
    }

    [Fact]
    public async Task StatusCommandClient_ManyAddresses_NamesTheWorkerThatServesEach()
    {
        await using var cluster = await HelloCluster.StartAsync(workers: 2);
        var pid = cluster.MasterPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var seenPids = new HashSet<int>();

        foreach (var source in HttpProbe.Sources(block: 61, count: 12))
        {
            var served = await HttpProbe.GetAsync(source, cluster.Port, s_run);
            var (exit, output, error) = await RunAsync("dotnet", RepoPaths.SampleDll("Hello"), "status", pid, "--client", source.ToString());

            Assert.True(exit == 0, error);
            using var route = JsonDocument.Parse(output.Trim());
            Assert.Equal(source.ToString(), route.RootElement.GetProperty("Client").GetString());
            Assert.True(route.RootElement.GetProperty("ThisHost").GetBoolean());
            Assert.Equal(served.Pid, route.RootElement.GetProperty("WorkerPid").GetInt32());
            seenPids.Add(served.Pid);
        }

        Assert.Equal(2, seenPids.Count);
    }

    [Fact]
    public async Task StatusCommandClient_NotAnAddress_ExitsWithUsage()
    {
        var (exit, _, error) = await RunAsync("dotnet", RepoPaths.SampleDll("Hello"), "status", "--client", "nowhere");

        Assert.Equal(1, exit);
        Assert.Contains("status --client needs an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusSocket_AnotherUser_GetsNothing()
    {
        if (Environment.UserName != "root")
        {
            return; // Only root can start a client as another user (xunit 2 has no runtime skip); CI runs as root.
        }

        await using var cluster = await HelloCluster.StartAsync(workers: 1);
        var script = $"import socket; s = socket.socket(socket.AF_UNIX); s.connect('\\0sticky-actors-status-{cluster.MasterPid}'); s.settimeout(10); print(len(s.recv(65536)))";

        var (exit, output, error) = await RunAsync("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", script);

        Assert.True(exit == 0, error);
        Assert.Equal("0", output.Trim());
        await cluster.Output.WaitForAsync(new System.Text.RegularExpressions.Regex("Refused a status request from uid 65534"), s_run);
    }

    [Theory]
    [InlineData("--proxy-protocol", "optional", "unknown argument '--proxy-protocol'")]
    [InlineData("--workers", null, "--workers needs a value")]
    public async Task Hello_BadCommandLine_PrintsUsageAndExits2(string flag, string? value, string message)
    {
        string[] arguments = value is null ? [RepoPaths.SampleDll("Hello"), flag] : [RepoPaths.SampleDll("Hello"), flag, value];

        var (exit, _, error) = await RunAsync("dotnet", arguments);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("usage: Hello", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_Help_PrintsEveryFlag()
    {
        var (exit, output, _) = await RunAsync("dotnet", RepoPaths.SampleDll("Hello"), "--help");

        Assert.Equal(0, exit);
        Assert.All(new[] { "--config", "--port", "--workers", "--address", "--https-pfx", "--protocols" }, f => Assert.Contains(f, output, StringComparison.Ordinal));
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(s_run);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return (process.ExitCode, await output, await error);
    }
}
