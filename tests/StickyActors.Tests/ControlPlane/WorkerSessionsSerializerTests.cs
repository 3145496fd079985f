using System.Buffers.Binary;
using Akka.Actor;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

public sealed class WorkerSessionsSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void ToBinary_ThenFromBinary_RoundTrips()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var message = new WorkerSessions(3, [0, 7, 1023]);

        var copy = Assert.IsType<WorkerSessions>(serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));

        Assert.Equal(3, copy.WorkerId);
        Assert.Equal([0, 7, 1023], copy.OpenBuckets);
    }

    [Fact]
    public void FromBinary_CountLargerThanThePayload_ThrowsWithoutAllocatingIt()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), int.MaxValue);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, serializer.Manifest(new WorkerSessions(0, []))));
    }

    [Fact]
    public void Serialization_WorkerSessions_UsesTheControlPlaneSerializer()
    {
        using var system = ActorSystem.Create("binding", BootstrapSetup.Create().WithConfig(ControlPlaneConfig.Create(
            new StickyActors.Configuration.ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1)), 0, trustedSelectionPaths: [])).And(ControlPlaneCredentials.Create().SslSetup()));

        Assert.IsType<ControlMessageSerializer>(system.Serialization.FindSerializerFor(new WorkerSessions(0, [1])));
    }
}
