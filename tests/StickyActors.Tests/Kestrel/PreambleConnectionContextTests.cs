using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using StickyActors.Kestrel;

namespace StickyActors.Tests.Kestrel;

/// <summary>
/// The Kestrel transport's replay: the bytes the master read (the preamble) come first, then the
/// socket's, exactly; writes, errors and the connection's identity go to and come from the socket.
/// </summary>
public sealed class PreambleConnectionContextTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Input_PreambleThenSocketBytesInSmallPieces_ApplicationReadsBothExactlyAndInOrder()
    {
        var socket = new FakeSocket();
        byte[] preamble = [.. "GET /a HTTP/1.1\r\nCookie: sid=1\r\n"u8];
        byte[] rest = [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 31))];
        await using var context = new PreambleConnectionContext(socket.Context, preamble);

        var writer = Task.Run(async () =>
        {
            for (var offset = 0; offset < rest.Length; offset += 7)
            {
                await socket.ToApplication.Writer.WriteAsync(rest.AsMemory(offset, Math.Min(7, rest.Length - offset)));
            }

            await socket.ToApplication.Writer.CompleteAsync();
        });
        var read = await ReadToEndAsync(context.Transport.Input).WaitAsync(s_timeout);
        await writer;

        Assert.Equal([.. preamble, .. rest], read);
    }

    [Fact]
    public async Task Input_SocketFailsAfterThePreamble_ApplicationGetsThePreambleThenTheError()
    {
        var socket = new FakeSocket();
        await using var context = new PreambleConnectionContext(socket.Context, "PREAMBLE"u8.ToArray());
        await socket.ToApplication.Writer.WriteAsync("more"u8.ToArray());
        var received = new List<byte>();
        while (received.Count < 12)
        {
            var result = await context.Transport.Input.ReadAsync().AsTask().WaitAsync(s_timeout);
            received.AddRange(result.Buffer.ToArray());
            context.Transport.Input.AdvanceTo(result.Buffer.End);
        }

        await socket.ToApplication.Writer.CompleteAsync(new ConnectionResetException("reset by peer"));
        var error = await Assert.ThrowsAsync<ConnectionResetException>(async () => await context.Transport.Input.ReadAsync().AsTask().WaitAsync(s_timeout));

        Assert.Equal("reset by peer", error.Message);
        Assert.Equal("PREAMBLEmore"u8.ToArray(), received);
    }

    [Fact]
    public async Task Output_ApplicationWrites_GoStraightToTheSocket()
    {
        var socket = new FakeSocket();
        await using var context = new PreambleConnectionContext(socket.Context, "x"u8.ToArray());

        await context.Transport.Output.WriteAsync("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray());
        await context.Transport.Output.CompleteAsync();
        var written = await ReadToEndAsync(socket.FromApplication.Reader).WaitAsync(s_timeout);

        Assert.Equal("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), written);
    }

    [Fact]
    public async Task Identity_EndPointsIdAndFeatures_AreTheSocketConnections()
    {
        var socket = new FakeSocket();
        var client = new IPEndPoint(IPAddress.Parse("203.0.113.7"), 4242);
        socket.Context.RemoteEndPoint = client;
        await using var context = new PreambleConnectionContext(socket.Context, "x"u8.ToArray());

        Assert.Equal(client, context.RemoteEndPoint);
        Assert.Equal(socket.Context.ConnectionId, context.ConnectionId);
        Assert.Same(socket.Context.Features, context.Features);
        context.Items["k"] = "v";
        Assert.Equal("v", socket.Context.Items["k"]);
    }

    [Fact]
    public async Task DisposeAsync_SocketStillOpen_EndsTheCopyAndReturns()
    {
        var socket = new FakeSocket();
        var context = new PreambleConnectionContext(socket.Context, "x"u8.ToArray());
        _ = await context.Transport.Input.ReadAsync().AsTask().WaitAsync(s_timeout);

        // The socket never completes by itself: disposing the inner connection ends its input.
        await context.DisposeAsync().AsTask().WaitAsync(s_timeout);

        Assert.True(socket.Disposed);
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        var all = new List<byte>();
        while (true)
        {
            var result = await reader.ReadAsync();
            all.AddRange(result.Buffer.ToArray());
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return [.. all];
            }
        }
    }

    /// <summary>A socket connection as Kestrel's socket transport gives it: two pipes and an identity.</summary>
    private sealed class FakeSocket
    {
        public FakeSocket() => Context = new FakeConnectionContext(this);

        public Pipe ToApplication { get; } = new();

        public Pipe FromApplication { get; } = new();

        public FakeConnectionContext Context { get; }

        public bool Disposed { get; set; }
    }

    private sealed class FakeConnectionContext(FakeSocket socket) : DefaultConnectionContext(Guid.NewGuid().ToString("N"))
    {
        public override IDuplexPipe Transport { get; set; } = new Duplex(socket.ToApplication.Reader, socket.FromApplication.Writer);

        public override async ValueTask DisposeAsync()
        {
            // As Kestrel's socket connection: disposing it ends its receive loop, which completes the input.
            socket.Disposed = true;
            await socket.ToApplication.Writer.CompleteAsync();

            await base.DisposeAsync();
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
