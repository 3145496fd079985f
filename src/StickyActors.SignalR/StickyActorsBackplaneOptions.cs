namespace StickyActors.SignalR;

/// <summary>Options of the StickyActors SignalR backplane (<c>AddStickyActorsBackplane</c>).</summary>
public sealed class StickyActorsBackplaneOptions
{
    /// <summary>
    /// How long <c>Groups.AddToGroupAsync</c> and <c>RemoveFromGroupAsync</c> wait for the process
    /// that holds a connection of another worker to confirm; then they throw a
    /// <see cref="TimeoutException"/> (no worker holds that connection, or it did not answer).
    /// Defaults to 5 seconds.
    /// </summary>
    public TimeSpan GroupCommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
