using System.Text;

namespace StickyActors.Benchmarks.Load;

/// <summary>The two requests the load generator sends, formatted once into pinned arrays.</summary>
internal static class HttpRequestBytes
{
    /// <summary>One request per connection: the server closes after answering.</summary>
    public static byte[] Close(int port) => Pinned($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");

    /// <summary>A request on a persistent connection.</summary>
    public static byte[] KeepAlive(int port) => Pinned($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");

    private static byte[] Pinned(string request)
    {
        var bytes = GC.AllocateArray<byte>(Encoding.ASCII.GetByteCount(request), pinned: true);
        Encoding.ASCII.GetBytes(request, bytes);
        return bytes;
    }
}
