using StickyActors.ControlPlane;

namespace StickyActors.Backplane;

/// <summary>
/// Worker actor → backplane actor: my worker process registered; send me what the others publish
/// (as <see cref="BackplaneDelivery"/>) until I stop. The sender is the worker actor.
/// </summary>
internal sealed record BackplaneJoin(int WorkerId);

/// <summary>Worker actor → backplane actor: my registered worker published <see cref="Message"/>.</summary>
internal sealed record BackplaneFromWorker(int WorkerId, IBackplaneMessage Message);

/// <summary>Backplane actor → worker actor: pass <see cref="Message"/> to your worker process.</summary>
internal sealed record BackplaneDelivery(IBackplaneMessage Message);

/// <summary>The bus → backplane actor: another host published <see cref="Message"/>.</summary>
internal sealed record BackplaneFromHost(IBackplaneMessage Message);
