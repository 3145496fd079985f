using System.Globalization;
using System.Runtime.InteropServices;
using Akka.Actor;
using StickyActors.Logging;
using StickyActors.Supervision;

namespace StickyActors.Master;

/// <summary>
/// The worker count at run time (SIGTTIN adds a slot, SIGTTOU removes one, as gunicorn does), the
/// pid file, and which master is current (the status during and after a handover).
/// </summary>
internal sealed partial class MasterProcess
{
    private const int SIGTTIN = 21;
    private const int SIGTTOU = 22;

    private volatile int _successorPid;
    private volatile int _takingOverFrom;
    private bool _pidFileWritten;

    /// <summary>Adds one worker slot (SIGTTIN); returns the slot count now, or throws naming why not.</summary>
    public Task<int> AddWorkerAsync() => ResizeAsync(1);

    /// <summary>Removes the highest worker slot (SIGTTOU), draining its worker; returns the slot count now, or throws naming why not.</summary>
    public Task<int> RemoveWorkerAsync() => ResizeAsync(-1);

    private async Task<int> ResizeAsync(int delta)
    {
        var done = await _master.Ask<ResizeDone>(new ResizeWorkers(delta), TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return done.Succeeded ? done.Count : throw new InvalidOperationException("Worker count not changed: " + done.Detail);
    }

    private void HandleResizeSignals()
    {
        foreach (var (signal, delta, name) in new[] { (SIGTTIN, 1, "SIGTTIN (add a worker)"), (SIGTTOU, -1, "SIGTTOU (remove a worker)") })
        {
            _signals.Add(PosixSignalRegistration.Create((PosixSignal)signal, context =>
            {
                context.Cancel = true;
                HostLog.SignalReceived(_log, name);
                _ = ResizeSafelyAsync(delta);
            }));
        }
    }

    private async Task ResizeSafelyAsync(int delta)
    {
        try
        {
            _ = await ResizeAsync(delta).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or AskTimeoutException)
        {
            // The master actor logged why (event 3062); a timeout is logged here.
            if (e is AskTimeoutException)
            {
                ResizeLog.ResizeRefused(_log, e.Message);
            }
        }
    }

    /// <summary>The status with which master is current: this one, its successor once it handed over, or the one it takes over from.</summary>
    private async Task<ClusterStatus> StatusWithMastersAsync(TimeSpan timeout)
    {
        var status = await _master.Ask<ClusterStatus>(GetStatus.Instance, timeout).ConfigureAwait(false);
        var current = _listenerHandedOver && _successorPid != 0 ? _successorPid
            : _takingOverFrom != 0 ? _takingOverFrom
            : Environment.ProcessId;
        return await WithClusterAsync(status with { CurrentMasterPid = current, SuccessorPid = _successorPid }, timeout).ConfigureAwait(false);
    }

    /// <summary>A master that did not come from a handover writes its pid file once every worker registered.</summary>
    private void StartPidFile(bool fromHandover)
    {
        if (Settings.PidFile.Length > 0 && !fromHandover)
        {
            _ = WritePidFileWhenReadyAsync();
        }
    }

    private async Task WritePidFileWhenReadyAsync()
    {
        using var timer = new PeriodicTimer(s_readyPoll);
        while (Volatile.Read(ref _stopRequested) == 0 && await timer.WaitForNextTickAsync().ConfigureAwait(false))
        {
            try
            {
                var status = await GetStatusAsync().ConfigureAwait(false);
                if (status.Workers.All(worker => worker.State is WorkerState.Running or WorkerState.GivenUp))
                {
                    WritePidFile();
                    return;
                }
            }
            catch (AskTimeoutException)
            {
                // The master is busy starting: ask again.
            }
        }
    }

    /// <summary>Writes this master's pid to the pid file: a temporary file beside it, then a rename (readers never see half a pid).</summary>
    private void WritePidFile()
    {
        var path = Settings.PidFile;
        if (path.Length == 0 || Volatile.Read(ref _stopRequested) == 1)
        {
            return;
        }

        var log = _log;
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, path, overwrite: true);
            _pidFileWritten = true;
            ResizeLog.PidFileWritten(log, path, Environment.ProcessId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ResizeLog.PidFileFailed(log, path, e.Message);
            DeleteQuietly(temporary);
        }
    }

    /// <summary>After a failed handover: the new master may have named itself before it failed; this one serves, so the file names it again.</summary>
    private void RewritePidFile()
    {
        if (_pidFileWritten)
        {
            WritePidFile();
        }
    }

    /// <summary>At a clean stop: removes the pid file only if it still names this master (after a handover it names the new one).</summary>
    private void RemovePidFile()
    {
        var path = Settings.PidFile;
        if (path.Length == 0 || !_pidFileWritten)
        {
            return;
        }

        try
        {
            if (int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid == Environment.ProcessId)
            {
                DeleteQuietly(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to read: nothing to clean up.
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do about a file that cannot be removed.
        }
    }
}
