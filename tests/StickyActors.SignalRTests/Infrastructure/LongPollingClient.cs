using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>
/// One official SignalR .NET client on the Chat hub, long polling only, whose every HTTP request
/// comes from <see cref="Source"/>. Records the first message with a given text.
/// </summary>
internal sealed class LongPollingClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<ReceivedMessage> _received = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LongPollingClient(Uri baseUri, IPAddress source, string awaitedText)
    {
        Source = source;
        Connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUri, "chat"), options =>
            {
                options.Transports = HttpTransportType.LongPolling;
                options.HttpMessageHandlerFactory = _ => SourceBoundHandler.Create(source);
            })
            .Build();
        Connection.On<ReceivedMessage>("message", message =>
        {
            if (message.Text == awaitedText)
            {
                _received.TrySetResult(message);
            }
        });
    }

    public IPAddress Source { get; }

    public HubConnection Connection { get; }

    /// <summary>Completes with the awaited message.</summary>
    public Task<ReceivedMessage> Received => _received.Task;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
