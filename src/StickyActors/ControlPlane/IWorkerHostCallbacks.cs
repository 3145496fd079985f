namespace StickyActors.ControlPlane;

/// <summary>What the worker control actor reports to the worker host.</summary>
internal interface IWorkerHostCallbacks
{
    void Registered();

    void Drain(TimeSpan deadline);

    void MasterLost(string reason);
}
