namespace StickyActors;

/// <summary>Which part this process plays.</summary>
public enum StickyActorRole
{
    /// <summary>Owns the listening socket and launches, routes to and supervises the workers.</summary>
    Master,

    /// <summary>Serves the connections its master hands it.</summary>
    Worker,
}
