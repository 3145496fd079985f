using Microsoft.Extensions.Logging;

namespace StickyActors.Logging;

internal static partial class HostLog
{
    [LoggerMessage(5001, LogLevel.Information, "{Signal} received")]
    public static partial void SignalReceived(ILogger logger, string signal);

    [LoggerMessage(5002, LogLevel.Information, "{Drained} of {Total} worker(s) drained; master stopping")]
    public static partial void Drained(ILogger logger, int drained, int total);

    [LoggerMessage(5003, LogLevel.Warning, "Workers did not drain within {Seconds} s; stopping the rest")]
    public static partial void DrainTimedOut(ILogger logger, double seconds);

    [LoggerMessage(5009, LogLevel.Error, "{Reason}")]
    public static partial void RollingRestartFailed(ILogger logger, string reason);

    [LoggerMessage(5004, LogLevel.Warning, "{Line}")]
    public static partial void WorkerOutput(ILogger logger, string line);

    [LoggerMessage(5005, LogLevel.Information, "StickyActors master {Pid} listening on {EndPoint} with {Workers} worker(s)")]
    public static partial void MasterStarted(ILogger logger, int pid, string endPoint, int workers);

    [LoggerMessage(5006, LogLevel.Information, "StickyActors worker {WorkerId} started as pid {Pid}")]
    public static partial void WorkerStarted(ILogger logger, int workerId, int pid);

    [LoggerMessage(5007, LogLevel.Information, "Application stopping: draining workers (up to {Seconds} s)")]
    public static partial void MasterStopping(ILogger logger, double seconds);

    [LoggerMessage(5008, LogLevel.Critical, "StickyActors cannot start: {Count} configuration problem(s): {Problems}")]
    public static partial void ConfigurationInvalid(ILogger logger, int count, string problems);

    [LoggerMessage(5010, LogLevel.Information, "Told systemd {State} (taken: {Sent})")]
    public static partial void SystemdNotified(ILogger logger, string state, bool sent);

    [LoggerMessage(5011, LogLevel.Information, "Master handover: master {Pid} starts a new master from the executable on disk and hands it the listening socket")]
    public static partial void HandoverStarting(ILogger logger, int pid);

    [LoggerMessage(5012, LogLevel.Information, "Master handover: new master {NewPid} serves; master {OldPid} stops accepting and drains its workers")]
    public static partial void HandoverReady(ILogger logger, int newPid, int oldPid);

    [LoggerMessage(5013, LogLevel.Information, "Master handover: master {Pid} took over the listening socket from master {PreviousPid}; its workers registered")]
    public static partial void HandoverTakenOver(ILogger logger, int pid, int previousPid);

    [LoggerMessage(5014, LogLevel.Error, "Master handover abandoned: new master {Pid} exits, master {PreviousPid} keeps serving ({Reason})")]
    public static partial void HandoverAbandoned(ILogger logger, int pid, int previousPid, string reason);
}
