/// <summary>
/// One chat line as clients receive it (hub method <see cref="Method"/>).
/// </summary>
/// <param name="User">Who wrote it.</param>
/// <param name="Text">What they wrote.</param>
/// <param name="WorkerId">The worker (or instance) whose hub received it from the sender.</param>
internal sealed record ChatMessage(string User, string Text, int WorkerId)
{
    /// <summary>The client method every message is delivered to.</summary>
    public const string Method = "message";
}
