using System.Globalization;

namespace StickyActors.Master;

/// <summary>
/// What a master tells the master it starts in a handover (one variable, cleared at once): the
/// inherited descriptors of its listening socket, or of its kernel-steering slot sockets in slot
/// order (<see cref="SlotGroup"/>), of its end of a private socket pair, and its pid.
/// </summary>
internal sealed record HandoverEnvironment(IReadOnlyList<int> ListenerFds, bool SlotGroup, int ChannelFd, int PreviousMasterPid)
{
    internal const string Variable = "STICKY_ACTORS_HANDOVER";

    private const string SlotsPrefix = "slots:";

    /// <summary>The value of <see cref="Variable"/>: <c>listener,channel,pid</c> or <c>slots:fd0:fd1:…,channel,pid</c>.</summary>
    public string Value => string.Create(
        CultureInfo.InvariantCulture,
        $"{(SlotGroup ? SlotsPrefix : string.Empty)}{string.Join(':', ListenerFds)},{ChannelFd},{PreviousMasterPid}");

    /// <summary>The handover this process was started for, or null; the variable is cleared so no worker sees it.</summary>
    public static HandoverEnvironment? Take()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, null);
        if (value?.Split(',') is not [var listeners, var channel, var pid])
        {
            return null;
        }

        var slotGroup = listeners.StartsWith(SlotsPrefix, StringComparison.Ordinal);
        var fds = (slotGroup ? listeners[SlotsPrefix.Length..] : listeners).Split(':')
            .Select(fd => int.TryParse(fd, CultureInfo.InvariantCulture, out var n) && n > 2 ? n : -1)
            .ToArray();
        return fds.Length > 0 && fds.All(fd => fd > 2) && (slotGroup || fds.Length == 1)
            && int.TryParse(channel, CultureInfo.InvariantCulture, out var channelFd)
            && int.TryParse(pid, CultureInfo.InvariantCulture, out var previous)
            && channelFd > 2
                ? new HandoverEnvironment(fds, slotGroup, channelFd, previous)
                : throw new IOException($"{Variable}={value} is not 'listener-fd,channel-fd,pid' or 'slots:fd:fd…,channel-fd,pid'.");
    }
}
