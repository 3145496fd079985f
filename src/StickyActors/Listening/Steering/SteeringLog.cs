using Microsoft.Extensions.Logging;

namespace StickyActors.Listening.Steering;

internal static partial class SteeringLog
{
    [LoggerMessage(EventId = 1007, Message = "Connection steering: {Mode} ({Reason})")]
    public static partial void Chosen(ILogger logger, LogLevel level, string mode, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Attaching the steering program ({Instructions} instructions) failed with errno {Errno}; the previous program stays")]
    public static partial void AttachFailed(ILogger logger, int instructions, int errno);

    [LoggerMessage(1005, LogLevel.Debug, "Steering program for table {Version} attached ({Instructions} instructions)")]
    public static partial void Attached(ILogger logger, long version, int instructions);

    [LoggerMessage(1006, LogLevel.Warning, "Sending slot {Slot}'s listening socket to its worker failed with errno {Errno}")]
    public static partial void SlotSendFailed(ILogger logger, int slot, int errno);
}
