using StickyActors.Logging;

namespace StickyActors.Supervision;

/// <summary>
/// A worker process exited (or was killed): the failure that makes its supervisor replace it. The
/// supervision logs it (<see cref="WorkerSupervision"/>); Akka's own log of it is dropped.
/// </summary>
internal sealed class WorkerExitedException(int workerId, int exitCode, string detail)
    : Exception($"worker {workerId} exited with code {exitCode}{(detail.Length > 0 ? ": " + detail : "")}"), IReportedBySupervision
{
    public int WorkerId => workerId;

    public int ExitCode => exitCode;
}
