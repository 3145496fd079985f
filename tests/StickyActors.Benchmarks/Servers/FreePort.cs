using System.Net;
using System.Net.Sockets;

namespace StickyActors.Benchmarks.Servers;

/// <summary>Picks a port on 127.0.0.1 that is free right now (the kernel's choice for port 0).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
