using System.Net;
using System.Net.Sockets;
using StickyActors.Configuration;

namespace StickyActors.Listening;

/// <summary>Opens the public listening socket: dual-stack for <c>::</c>, the configured backlog.</summary>
internal static class ListenerSocket
{
    public static Socket Open(ListenSettings settings)
    {
        var socket = new Socket(settings.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (settings.Address.AddressFamily == AddressFamily.InterNetworkV6 && settings.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(settings.Address, settings.Port));
            socket.Listen(settings.Backlog);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new IOException($"Cannot listen on {settings.Address}:{settings.Port}: the address is already in use (sticky-actors.listen.port).", e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            socket.Dispose();
            throw new IOException($"Cannot listen on {settings.Address}:{settings.Port}: no interface has that address (sticky-actors.listen.address).", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
