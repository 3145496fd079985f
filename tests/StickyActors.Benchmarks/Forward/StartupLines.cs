using System.Globalization;
using System.Text.RegularExpressions;
using StickyActors.Benchmarks.Servers;

namespace StickyActors.Benchmarks.Forward;

/// <summary>
/// What a cluster master's first lines tell: its cluster address (event 8101, "Cluster member
/// akka.tcp://… forwards on …") and its public port (event 3007, "Master … accepting on ADDRESS:PORT").
/// Fed every line from the process's start (<see cref="ServerProcess.Start"/>'s onLine).
/// </summary>
internal sealed partial class StartupLines(string address)
{
    private readonly TaskCompletionSource<string> _clusterAddress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void OnLine(string line)
    {
        if (ClusterMember().Match(line) is { Success: true } member)
        {
            _clusterAddress.TrySetResult(member.Groups[1].Value);
        }
        else if (Accepting().Match(line) is { Success: true } accepting && accepting.Groups[1].Value == address)
        {
            _port.TrySetResult(int.Parse(accepting.Groups[2].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Both lines' facts; throws, with the process's last lines, if it exits or <paramref name="timeout"/> passes first.</summary>
    public async Task<(string ClusterAddress, int Port)> WaitAsync(ServerProcess master, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var both = Task.WhenAll(_clusterAddress.Task, _port.Task);
        while (!both.IsCompleted)
        {
            master.ThrowIfExited();
            if (cancel.IsCancellationRequested)
            {
                throw new TimeoutException($"pid {master.Pid} printed no {(_clusterAddress.Task.IsCompleted ? "'accepting on' (3007)" : "'Cluster member' (8101)")} line "
                    + $"within {timeout.TotalSeconds:0} s; its last output:{Environment.NewLine}{master.RecentOutput()}");
            }

            await Task.WhenAny(both, Task.Delay(100, CancellationToken.None)).ConfigureAwait(false);
        }

        return (await _clusterAddress.Task.ConfigureAwait(false), await _port.Task.ConfigureAwait(false));
    }

    [GeneratedRegex(@"Cluster member (akka\.tcp://\S+@[\d.]+:\d+) forwards on ")]
    private static partial Regex ClusterMember();

    [GeneratedRegex(@"Master \d+ accepting on ([\d.]+):(\d+) with ")]
    private static partial Regex Accepting();
}
