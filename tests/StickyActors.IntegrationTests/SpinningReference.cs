using System.Globalization;
using System.Runtime.InteropServices;

namespace StickyActors.IntegrationTests;

/// <summary>
/// A thread that spins on a core for as long as it lives: the CPU share a busy loop gets on this
/// machine right now, to compare a process's share against (a loaded machine gives both less).
/// </summary>
internal sealed partial class SpinningReference : IDisposable
{
    private readonly Thread _thread;
    private readonly TaskCompletionSource<int> _tid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stop;

    public SpinningReference()
    {
        _thread = new Thread(Spin) { IsBackground = true, Name = "cpu reference" };
        _thread.Start();
    }

    /// <summary>The CPU time the spinning thread has used, in seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/self/task/{_tid.Task.Result}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Spin()
    {
        _tid.SetResult(GetTid());
        while (!_stop)
        {
            Thread.SpinWait(1000);
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
