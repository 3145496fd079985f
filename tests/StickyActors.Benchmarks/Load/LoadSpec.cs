namespace StickyActors.Benchmarks.Load;

/// <summary>One timed run of the load generator against one server.</summary>
/// <param name="Mode">How connections are driven.</param>
/// <param name="Port">The server's port.</param>
/// <param name="Duration">The measured window; every loop stops at its end.</param>
/// <param name="Connections">Concurrent connections (for <see cref="LoadMode.Paced"/>, the most in flight).</param>
/// <param name="Rate">New connections per second, for <see cref="LoadMode.Paced"/> only.</param>
/// <param name="Threads">Event loops, each on its own thread with its share of the connections.</param>
/// <param name="Address">The server's IPv4 address, host byte order; 127.0.0.1 unless given.</param>
internal sealed record LoadSpec(LoadMode Mode, int Port, TimeSpan Duration, int Connections, double Rate, int Threads, uint Address = SockAddr.Loopback);
