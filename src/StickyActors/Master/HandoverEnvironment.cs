using System.Globalization;

namespace StickyActors.Master;

/// <summary>
/// What a master tells the master it starts in a handover (one variable, cleared at once): the
/// inherited descriptors of the listening socket and of its end of a private socket pair, and its pid.
/// </summary>
internal sealed record HandoverEnvironment(int ListenerFd, int ChannelFd, int PreviousMasterPid)
{
    internal const string Variable = "STICKY_ACTORS_HANDOVER";

    /// <summary>The value of <see cref="Variable"/>.</summary>
    public string Value => string.Create(CultureInfo.InvariantCulture, $"{ListenerFd},{ChannelFd},{PreviousMasterPid}");

    /// <summary>The handover this process was started for, or null; the variable is cleared so no worker sees it.</summary>
    public static HandoverEnvironment? Take()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, null);
        if (value?.Split(',') is not [var listener, var channel, var pid])
        {
            return null;
        }

        return int.TryParse(listener, CultureInfo.InvariantCulture, out var listenerFd)
            && int.TryParse(channel, CultureInfo.InvariantCulture, out var channelFd)
            && int.TryParse(pid, CultureInfo.InvariantCulture, out var previous)
            && listenerFd > 2 && channelFd > 2
                ? new HandoverEnvironment(listenerFd, channelFd, previous)
                : throw new IOException($"{Variable}={value} is not 'listener-fd,channel-fd,pid'.");
    }
}
