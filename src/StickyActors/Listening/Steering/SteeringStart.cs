using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StickyActors.Configuration;

namespace StickyActors.Listening.Steering;

/// <summary>
/// Opens the master's public listener for the configured <c>listen.steering</c>: one socket for
/// master steering, or the slot group (whose first socket is the listener) for kernel steering,
/// with a first program attached to prove the kernel takes it. Logs the choice.
/// </summary>
internal static class SteeringStart
{
    public static (Socket Listener, SlotGroup? Slots) Open(StickyActorsSettings settings, ILogger logger)
    {
        var mode = settings.Listen.Steering;
        if (mode == SteeringMode.Master)
        {
            SteeringLog.Chosen(logger, LogLevel.Debug, "master", "listen.steering = master");
            return (ListenerSocket.Open(settings.Listen), null);
        }

        if (SteeringChoice.Obstacle(settings) is { } obstacle)
        {
            if (mode == SteeringMode.Kernel)
            {
                throw new IOException($"listen.steering = kernel is not possible here: {obstacle}.");
            }

            SteeringLog.Chosen(logger, LogLevel.Information, "master", obstacle);
            return (ListenerSocket.Open(settings.Listen), null);
        }

        var group = SlotGroup.Open(settings.Listen, settings.Workers.Count, CapacityOf(settings));
        if (AttachFirst(group, settings, logger) is not { } reason)
        {
            return (group.First, group);
        }

        group.Dispose();
        if (mode == SteeringMode.Kernel)
        {
            throw new IOException($"listen.steering = kernel is not possible here: {reason}.");
        }

        SteeringLog.Chosen(logger, LogLevel.Information, "master", reason);
        return (ListenerSocket.Open(settings.Listen), null);
    }

    /// <summary>
    /// A master handover under kernel steering: this master takes the previous one's slot group
    /// (<paramref name="fds"/>, in slot order, parked sockets included); the previous master's
    /// program steers until this one accepts and attaches its own. The worker count may differ:
    /// sockets beyond it stay parked, missing ones join the group at its end. The configuration must
    /// still steer in the kernel; otherwise the start fails naming why, and the previous master
    /// keeps serving.
    /// </summary>
    public static SlotGroup Adopt(IReadOnlyList<int> fds, StickyActorsSettings settings, string origin, ILogger logger)
    {
        var obstacle = settings.Listen.Steering == SteeringMode.Master ? "listen.steering = master" : SteeringChoice.Obstacle(settings);
        if (obstacle is not null)
        {
            throw new IOException($"{origin} steered connections in the kernel, but this configuration needs master steering ({obstacle}): a master handover cannot switch steering; stop and start the master to change it.");
        }

        var group = SlotGroup.Adopt(fds, settings.Listen, Math.Max(CapacityOf(settings), fds.Count), origin);
        try
        {
            group.EnsureCount(settings.Workers.Count);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            group.Dispose();
            throw new IOException($"{origin} steered connections in the kernel with {fds.Count} slot sockets; this master's {settings.Workers.Count} workers need more, and another could not join the group: {e.Message}", e);
        }

        SteeringLog.Chosen(logger, LogLevel.Information, "kernel", $"{group.Count} slot sockets in one SO_REUSEPORT group ({fds.Count} taken over from {origin}), {settings.Workers.Count} of them served");
        return group;
    }

    /// <summary>The most slot sockets a group may hold: as many as the worker count can reach at run time.</summary>
    public static int CapacityOf(StickyActorsSettings settings) =>
        Math.Max(settings.Workers.Count, Math.Min(settings.Workers.MaxCount, settings.Routing.Buckets));

    public static SlotKey KeyOf(StickyActorsSettings settings) => new(
        settings.Routing.Buckets,
        settings.Routing.HashSeed,
        settings.Affinity.Key == AffinityKeySource.IpPrefix,
        settings.Affinity.Ipv4Prefix,
        settings.Affinity.Ipv6Prefix);

    /// <summary>Attaches the program of the even home table; null when it took, else why not.</summary>
    private static string? AttachFirst(SlotGroup group, StickyActorsSettings settings, ILogger logger)
    {
        var slots = group.Count;
        var home = Enumerable.Range(0, settings.Routing.Buckets).Select(b => b % slots).ToArray();
        var key = KeyOf(settings);
        var program = SteeringProgram.Generate(home, slots, key.Seed, key.Prefix ? key.Ipv4Prefix : 32, key.Prefix ? key.Ipv6Prefix : 128);
        var errno = program is null ? -1 : group.Attach(program);
        if (errno == 0)
        {
            SteeringLog.Chosen(logger, LogLevel.Information, "kernel", $"{slots} slot sockets in one SO_REUSEPORT group, classic BPF program of {program!.Length} instructions");
            return null;
        }

        return program is null ? "the steering program exceeds the kernel's 4096 instructions" : $"SO_ATTACH_REUSEPORT_CBPF failed (errno {errno})";
    }
}
