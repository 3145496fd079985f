using Microsoft.AspNetCore.SignalR;

/// <summary>
/// The chat hub. A message goes to every client: under StickyActors the backplane
/// (<c>AddStickyActorsBackplane</c>) takes it to the clients of every other worker.
/// </summary>
internal sealed class ChatHub(WorkerIdentity self) : Hub
{
    private const int MaxUserLength = 40;
    private const int MaxTextLength = 2000;

    /// <summary>The worker serving this connection.</summary>
    public WorkerIdentity WhoAmI() => self;

    /// <summary>Broadcasts <paramref name="text"/> from <paramref name="user"/> to everyone.</summary>
    public async Task Send(string user, string text)
    {
        var message = new ChatMessage(Clip(user, MaxUserLength), Clip(text, MaxTextLength), self.WorkerId);
        await Clients.All.SendAsync(ChatMessage.Method, message);
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length];
}
