/// <summary>Which process serves a client: answered by <c>GET /whoami</c> and the hub's <c>WhoAmI</c>.</summary>
/// <param name="WorkerId">The StickyActors worker id, or the SO_REUSEPORT instance number.</param>
/// <param name="Pid">The process id.</param>
/// <param name="Mode"><c>sticky</c> (behind the StickyActors master) or <c>reuseport</c> (no affinity).</param>
internal sealed record WorkerIdentity(int WorkerId, int Pid, string Mode);
