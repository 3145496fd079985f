namespace StickyActors.Benchmarks.Load;

/// <summary>How the load generator drives its connections.</summary>
internal enum LoadMode
{
    /// <summary>Connect, send one GET, read the whole response, close; as fast as the slots allow.</summary>
    ConnectPerRequest,

    /// <summary>Persistent connections, each sending its next GET when the last response is read.</summary>
    KeepAlive,

    /// <summary>One request per connection, new connections started on a fixed schedule (open loop).</summary>
    Paced,
}
