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
        new WorkerDraining(7),
        Ping.Instance,
        Pong.Instance,
        new Pong(42),
        new Pong(0, 7),
        new Pong(3, long.MaxValue),
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
        using var system = ControlPlaneSystems.Create("binding");

        var serializer = system.Serialization.FindSerializerFor(message);

        Assert.IsType<ControlMessageSerializer>(serializer);
    }

    [Fact]
    public void Serialization_AnythingElse_IsRefusedBothWays()
    {
        using var system = ControlPlaneSystems.Create("refusing");
        var payload = new Akka.Serialization.NewtonSoftJsonSerializer((ExtendedActorSystem)Sys).ToBinary(new Uri("http://x"));

        var serializer = system.Serialization.FindSerializerFor(new Uri("http://x"));

        Assert.IsType<RefusingSerializer>(serializer);
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => system.Serialization.Serialize(new Uri("http://x")));
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => system.Serialization.Deserialize(payload, 1, typeof(Uri).AssemblyQualifiedName!));
    }

    [Fact]
    public void FromBinary_UnknownManifest_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary([], "?"));
    }
}
