using StickyActors.Handoff;

namespace StickyActors.Preamble;

/// <summary>
/// A parsed PROXY protocol header. <see cref="Source"/> is <see cref="ClientAddress.None"/> when the
/// header does not name the client (v1 UNKNOWN, v2 LOCAL, AF_UNSPEC, AF_UNIX): use the socket's
/// address then. <see cref="Length"/> is exactly the number of header bytes at the stream's start.
/// </summary>
internal readonly record struct ProxyHeader(ProxyCommand Command, ClientAddress Source, ClientAddress Destination, int Length);
