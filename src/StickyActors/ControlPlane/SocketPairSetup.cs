using Akka.Actor;
using Akka.Actor.Setup;
using StickyActors.Interop;

namespace StickyActors.ControlPlane;

/// <summary>
/// What a <see cref="SocketPairTransport"/> works with: in the master, where launches bring their
/// channel ends; in a worker, the end it inherited and the master address it leads to.
/// </summary>
internal sealed class SocketPairSetup : Setup
{
    private readonly Address? _master;
    private int _channel;

    private SocketPairSetup(InboundControlChannels? inbound, int channel, Address? master)
    {
        Inbound = inbound;
        _channel = channel;
        _master = master;
    }

    /// <summary>In the master: the inbox its launcher hands each worker's channel end to.</summary>
    public InboundControlChannels? Inbound { get; }

    public static SocketPairSetup ForMaster(InboundControlChannels inbound) => new(inbound, -1, null);

    public static SocketPairSetup ForWorker(int channel, string masterAddress) => new(null, channel, Address.Parse(masterAddress));

    /// <summary>The inherited end, once, if <paramref name="remote"/> is this worker's master; −1 otherwise.</summary>
    public int TakeChannelTo(Address remote)
    {
        if (_master is null || remote.System != _master.System || remote.Host != _master.Host || remote.Port != _master.Port)
        {
            return -1;
        }

        return Interlocked.Exchange(ref _channel, -1);
    }

    /// <summary>Closes the inherited end if no association took it.</summary>
    public void DropChannel()
    {
        var fd = Interlocked.Exchange(ref _channel, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }
}
