using System.Diagnostics;

namespace StickyActors.IntegrationTests;

/// <summary>
/// The processes of a master handover: the old master the test started, and the new one the old
/// master started (not a child of the test, so it is found and killed by pid with its workers).
/// </summary>
internal static class HandoverProcesses
{
    /// <summary>
    /// Waits for the process itself to exit: not <c>WaitForExitAsync</c>, which also waits for the end
    /// of its output, and the new master writes to the same (inherited) pipe.
    /// </summary>
    public static async Task ExitedAsync(Process process, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!process.HasExited)
        {
            Assert.True(clock.Elapsed < timeout, $"pid {process.Id} did not exit within {timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits for a master the test did not start (an earlier master did) to exit, by pid (a zombie counts as exited).</summary>
    public static async Task ExitedAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (ProcFs.IsAlive(pid))
        {
            Assert.True(clock.Elapsed < timeout, $"pid {pid} did not exit within {timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL to a master the test did not start directly (the old master did) and every descendant it has.</summary>
    public static void KillMasterAndWorkers(int? pid)
    {
        if (pid is not { } master || OwnedProcess.Capture(master) is not { } owned)
        {
            return;
        }

        var descendants = ProcFs.DescendantsOf(master).Select(OwnedProcess.Capture).OfType<OwnedProcess>().ToArray();
        owned.Kill();
        foreach (var descendant in descendants)
        {
            descendant.Kill();
        }
    }
}
