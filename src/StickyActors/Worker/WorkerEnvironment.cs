using System.Globalization;

namespace StickyActors.Worker;

/// <summary>
/// The environment variables through which a master tells a process it launched that it is a worker
/// (like Node's NODE_UNIQUE_ID). A process without them is a master. Nothing secret is here: the
/// credentials come over the inherited channel (<see cref="WorkerCredentials"/>). <c>ControlFd</c> is
/// the worker's end of its control-plane socket pair, or −1 when the control plane runs over TLS.
/// </summary>
internal sealed record WorkerEnvironment(int WorkerId, int Generation, string MasterAddress, int HandoffFd, int MasterPid, int ControlFd = -1)
{
    public const string WorkerIdVariable = "STICKY_ACTORS_WORKER_ID";
    public const string GenerationVariable = "STICKY_ACTORS_WORKER_GENERATION";
    public const string MasterAddressVariable = "STICKY_ACTORS_MASTER";
    public const string HandoffFdVariable = "STICKY_ACTORS_HANDOFF_FD";
    public const string MasterPidVariable = "STICKY_ACTORS_MASTER_PID";
    public const string ControlFdVariable = "STICKY_ACTORS_CONTROL_FD";

    /// <summary>Whether this process was launched as a worker, without reading (or clearing) anything else.</summary>
    public static bool IsWorkerProcess() => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(WorkerIdVariable));

    /// <summary>Reads the worker environment, or null in a master.</summary>
    public static WorkerEnvironment? FromCurrentProcess()
    {
        var id = Environment.GetEnvironmentVariable(WorkerIdVariable);
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        return new WorkerEnvironment(
            Parse(id, WorkerIdVariable),
            Parse(Environment.GetEnvironmentVariable(GenerationVariable), GenerationVariable),
            Environment.GetEnvironmentVariable(MasterAddressVariable) ?? throw Missing(MasterAddressVariable),
            Parse(Environment.GetEnvironmentVariable(HandoffFdVariable), HandoffFdVariable),
            Parse(Environment.GetEnvironmentVariable(MasterPidVariable), MasterPidVariable),
            Environment.GetEnvironmentVariable(ControlFdVariable) is { Length: > 0 } control ? Parse(control, ControlFdVariable) : -1);
    }

    public void WriteTo(IDictionary<string, string?> environment)
    {
        environment[WorkerIdVariable] = WorkerId.ToString(CultureInfo.InvariantCulture);
        environment[GenerationVariable] = Generation.ToString(CultureInfo.InvariantCulture);
        environment[MasterAddressVariable] = MasterAddress;
        environment[HandoffFdVariable] = HandoffFd.ToString(CultureInfo.InvariantCulture);
        environment[MasterPidVariable] = MasterPid.ToString(CultureInfo.InvariantCulture);
        if (ControlFd >= 0)
        {
            environment[ControlFdVariable] = ControlFd.ToString(CultureInfo.InvariantCulture);
        }
    }

    private static int Parse(string? value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Missing(name);

    private static InvalidOperationException Missing(string name) =>
        new($"This process was started as a StickyActors worker but {name} is missing or malformed.");
}
