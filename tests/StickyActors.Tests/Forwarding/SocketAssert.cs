using System.Net.Sockets;

namespace StickyActors.Tests.Forwarding;

/// <summary>Blocking reads bounded by the socket's receive timeout.</summary>
internal static class SocketAssert
{
    public static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        var offset = 0;
        while (offset < count)
        {
            var read = socket.Receive(buffer, offset, count - offset, SocketFlags.None);
            Assert.True(read > 0, $"EOF after {offset} of {count} bytes");
            offset += read;
        }

        return buffer;
    }

    public static void ReceivesEof(Socket socket) => Assert.Equal(0, socket.Receive(new byte[16]));

    public static void ReceivesReset(Socket socket)
    {
        var error = Assert.Throws<SocketException>(() =>
        {
            var buffer = new byte[4096];
            while (socket.Receive(buffer) > 0)
            {
            }
        });
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }
}
