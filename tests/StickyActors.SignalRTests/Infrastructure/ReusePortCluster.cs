using System.Globalization;
using System.Net;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// The Chat sample without StickyActors: N instances (<c>--reuseport-instance K</c>) sharing one
/// port through SO_REUSEPORT, so the kernel spreads TCP connections with no client affinity. The
/// first binds port 0, the others the port it printed. They share no backplane: the tests here
/// check connecting and a client's own echo, which need only the affinity they lack.
/// </summary>
internal sealed class ReusePortCluster : IAsyncDisposable
{
    private readonly List<ChildProcess> _instances;

    private ReusePortCluster(List<ChildProcess> instances, int port)
    {
        _instances = instances;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
    }

    public IPEndPoint EndPoint { get; }

    public Uri BaseUri => new($"http://127.0.0.1:{EndPoint.Port}/");

    public static async Task<ReusePortCluster> StartAsync(int instances, TimeSpan timeout)
    {
        var started = new List<ChildProcess>();
        try
        {
            var port = 0;
            for (var instance = 0; instance < instances; instance++)
            {
                var process = ChildProcess.Start(
                    $"chat reuseport instance {instance}",
                    "dotnet",
                    [RepoPaths.ChatDll, "--reuseport-instance", Text(instance), "--port", Text(port), "--address", "127.0.0.1"]);
                started.Add(process);
                port = ListenLine.Port(await process.WaitForLineAsync(ListenLine.Matches, timeout));
            }

            return new ReusePortCluster(started, port);
        }
        catch
        {
            await DisposeAllAsync(started);
            throw;
        }
    }

    public ValueTask DisposeAsync() => DisposeAllAsync(_instances);

    private static async ValueTask DisposeAllAsync(List<ChildProcess> processes)
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
