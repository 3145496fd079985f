namespace StickyActors.Configuration;

/// <summary>Reading a client's preamble in the master (<c>sticky-actors.preamble</c>).</summary>
/// <param name="Timeout">Deadline for the whole preamble. Defaults to 5 s.</param>
/// <param name="MaxPending">Connections in preamble state at once. Defaults to 1024.</param>
/// <param name="MaxRequestHead">Largest HTTP request head read. Defaults to 8192.</param>
public sealed record PreambleSettings(TimeSpan Timeout, int MaxPending, int MaxRequestHead);
