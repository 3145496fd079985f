using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace StickyActors.Tests.SignalR;

/// <summary>A hub connection speaking JSON over an in-memory pipe; the test reads what the server wrote to it.</summary>
internal sealed class TestHubConnection : HubConnectionContext
{
    private readonly PipeReader _written;

    private TestHubConnection(ConnectionContext context, PipeReader written)
        : base(context, new HubConnectionContextOptions { KeepAliveInterval = TimeSpan.FromMinutes(1), ClientTimeoutInterval = TimeSpan.FromMinutes(1), StreamBufferCapacity = 10 }, NullLoggerFactory.Instance)
    {
        _written = written;
    }

    public override IHubProtocol Protocol => JsonProtocol;

    public static JsonHubProtocol JsonProtocol { get; } = new();

    public static TestHubConnection Create(string id, string? user = null)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var context = new DefaultConnectionContext(id, new Duplex(toServer.Reader, toClient.Writer), new Duplex(toClient.Reader, toServer.Writer));
        return new TestHubConnection(context, toClient.Reader) { UserIdentifier = user };
    }

    /// <summary>The JSON messages written so far (each without its record separator).</summary>
    public IReadOnlyList<string> Messages()
    {
        if (!_written.TryRead(out var result))
        {
            return [];
        }

        var text = Encoding.UTF8.GetString(result.Buffer);
        _written.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        return text.Split('\u001e', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
