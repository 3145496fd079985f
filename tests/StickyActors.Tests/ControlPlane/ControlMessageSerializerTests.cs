using Akka.Actor;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

public sealed class ControlMessageSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public static TheoryData<object> Messages => new()
    {
        new RegisterWorker(3, 2, 12345, "c0ffee"),
        new WorkerRegistered(3),
        new RegistrationRefused("not yours"),
        new DrainWorker(TimeSpan.FromSeconds(12.5)),
        GetWorkerStatistics.Instance,
        new WorkerStatistics(1, 1_000_000_000_000, 42),
        new WorkerDraining(7),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void ToBinary_ThenFromBinary_RoundTrips(object message)
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);

        var copy = serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        Assert.Equal(message, copy);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Serialization_ControlMessage_UsesTheControlPlaneSerializer(object message)
    {
        using var system = ActorSystem.Create("binding", StickyActors.ControlPlane.ControlPlaneConfig.Create(
            new StickyActors.Configuration.ControlPlaneSettings("127.0.0.1", 0, TimeSpan.FromSeconds(1)), 0));

        var serializer = system.Serialization.FindSerializerFor(message);

        Assert.IsType<ControlMessageSerializer>(serializer);
    }

    [Fact]
    public void FromBinary_UnknownManifest_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "?"));
    }
}
