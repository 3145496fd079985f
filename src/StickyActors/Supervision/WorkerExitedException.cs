namespace StickyActors.Supervision;

/// <summary>A worker process exited (or was killed): the failure that makes its supervisor replace it.</summary>
internal sealed class WorkerExitedException(int workerId, int exitCode, string detail)
    : Exception($"worker {workerId} exited with code {exitCode}{(detail.Length > 0 ? ": " + detail : "")}")
{
    public int WorkerId => workerId;

    public int ExitCode => exitCode;
}
