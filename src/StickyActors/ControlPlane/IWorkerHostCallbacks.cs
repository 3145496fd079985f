namespace StickyActors.ControlPlane;

/// <summary>What the worker control actor reports to the worker host.</summary>
internal interface IWorkerHostCallbacks
{
    void Registered();

    void Drain(TimeSpan deadline);

    void MasterLost(string reason);

    /// <summary>The master's current list of this worker's buckets (with <c>affinity.key = bucket-cookie</c>).</summary>
    void BucketsOwned(WorkerBucketsOwned owned);

    /// <summary>A backplane message another worker published (delivered by this worker's master).</summary>
    void Backplane(IBackplaneMessage message);

    /// <summary>Connections this process accepted itself from its slot socket (kernel steering), a running total.</summary>
    long SteeredAccepted { get; }
}
