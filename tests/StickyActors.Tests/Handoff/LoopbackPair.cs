using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;
using StickyActors.Interop;

namespace StickyActors.Tests.Handoff;

/// <summary>A connected TCP pair on loopback; the server side is an accepted descriptor to hand off.</summary>
internal sealed class LoopbackPair : IDisposable
{
    private int _acceptedFd;

    private LoopbackPair(Socket client, int acceptedFd)
    {
        Client = client;
        _acceptedFd = acceptedFd;
    }

    public Socket Client { get; }

    public static unsafe LoopbackPair Create()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        var fd = Libc.Accept4(listener.SafeHandle, null, null, Libc.SOCK_CLOEXEC);
        Assert.True(fd >= 0, "accept4 failed");
        return new LoopbackPair(client, fd);
    }

    /// <summary>Moves the accepted socket's descriptor into an <see cref="AcceptedConnection"/> (which then owns it).</summary>
    public AcceptedConnection Handoff(ReadOnlyMemory<byte> preamble = default)
    {
        var fd = Interlocked.Exchange(ref _acceptedFd, -1);
        return new AcceptedConnection(OwnedDescriptor.Adopt(fd), ClientAddress.FromEndPoint((IPEndPoint)Client.LocalEndPoint!), preamble, 0);
    }

    public void Dispose()
    {
        Client.Dispose();
        var fd = Interlocked.Exchange(ref _acceptedFd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
