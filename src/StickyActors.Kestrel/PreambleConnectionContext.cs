using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace StickyActors.Kestrel;

/// <summary>
/// A connection whose first bytes were read by the master (to find the affinity key): the
/// application reads those bytes first, then the socket, as if nobody had touched the stream.
/// </summary>
internal sealed class PreambleConnectionContext : ConnectionContext
{
    private readonly ConnectionContext _inner;
    private readonly Pipe _input = new();
    private readonly Task _copy;

    public PreambleConnectionContext(ConnectionContext inner, ReadOnlyMemory<byte> preamble)
    {
        _inner = inner;
        Transport = new DuplexPipe(_input.Reader, inner.Transport.Output);
        _copy = ReplayThenCopyAsync(preamble);
    }

    public override IDuplexPipe Transport { get; set; }

    public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }

    public override IFeatureCollection Features => _inner.Features;

    public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }

    public override EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }

    public override EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }

    public override CancellationToken ConnectionClosed { get => _inner.ConnectionClosed; set => _inner.ConnectionClosed = value; }

    public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        await _copy.ConfigureAwait(false);
    }

    private async Task ReplayThenCopyAsync(ReadOnlyMemory<byte> preamble)
    {
        Exception? error = null;
        try
        {
            await _input.Writer.WriteAsync(preamble).ConfigureAwait(false);
            await _inner.Transport.Input.CopyToAsync(_input.Writer).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }

        await _input.Writer.CompleteAsync(error).ConfigureAwait(false);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
