namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>A chat message as the hub's <c>message</c> method delivers it.</summary>
internal sealed record ReceivedMessage(string User, string Text, int WorkerId);
