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

    /// <summary>Why this configuration needs master steering (<c>listen.steering = master</c>, or <c>auto</c> where the kernel cannot steer); null when it can steer in the kernel.</summary>
    public static string? NeedsMaster(StickyActorsSettings settings) => settings.Listen.Steering switch
    {
        SteeringMode.Master => "listen.steering = master",
        SteeringMode.Auto => SteeringChoice.Obstacle(settings),
        _ => null,
    };

    /// <summary>
    /// A master handover from kernel to master steering: this master takes every socket of the
    /// previous one's slot group (each has its own queue, and the previous master's program keeps
    /// steering SYNs to them) and accepts from all of them itself. The group stays whole, so a later
    /// handover can pass it on, to kernel steering again.
    /// </summary>
    public static SlotGroup AdoptForMaster(IReadOnlyList<int> fds, StickyActorsSettings settings, string origin, string reason, ILogger logger)
    {
        var group = SlotGroup.Adopt(fds, settings.Listen, fds.Count, origin);
        SteeringLog.Chosen(logger, LogLevel.Information, "master", $"{reason}; the master accepts from all {group.Count} slot sockets taken over from {origin}, which steered in the kernel");
        return group;
    }

    /// <summary>
    /// A master handover under kernel steering: this master takes the previous one's slot group
    /// (<paramref name="fds"/>, in slot order, parked sockets included); the previous master's
    /// program steers until this one accepts and attaches its own. The worker count may differ:
    /// sockets beyond it stay parked, missing ones join the group at its end. (A configuration that
    /// needs master steering takes the group with <see cref="AdoptForMaster"/> instead.)
    /// </summary>
    public static SlotGroup Adopt(IReadOnlyList<int> fds, StickyActorsSettings settings, string origin, ILogger logger)
    {
        if (SteeringChoice.Obstacle(settings) is { } obstacle)
        {
            throw new IOException($"listen.steering = kernel is not possible here: {obstacle}.");
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
