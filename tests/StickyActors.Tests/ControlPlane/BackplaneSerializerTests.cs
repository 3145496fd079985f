using System.Text;
using Akka.Actor;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>The backplane's control messages survive the control-plane serializer, and a lying count does not allocate.</summary>
public sealed class BackplaneSerializerTests : Akka.TestKit.Xunit2.TestKit
{
    public static TheoryData<int, string[], string[]> Audiences => new()
    {
        { (int)BackplaneAudience.All, [], [] },
        { (int)BackplaneAudience.All, [], ["c1", "c2"] },
        { (int)BackplaneAudience.Connections, ["c1"], [] },
        { (int)BackplaneAudience.Connections, ["c1", "c2", "c3"], [] },
        { (int)BackplaneAudience.Groups, ["room"], [] },
        { (int)BackplaneAudience.Groups, ["room", "lobby"], [] },
        { (int)BackplaneAudience.Groups, ["room"], ["c9"] },
        { (int)BackplaneAudience.Users, ["alice"], [] },
        { (int)BackplaneAudience.Users, ["alice", "bob"], [] },
    };

    [Theory]
    [MemberData(nameof(Audiences))]
    public void BackplaneInvocation_ToBinaryThenFromBinary_RoundTrips(int audienceValue, string[] targets, string[] excluded)
    {
        var audience = (BackplaneAudience)audienceValue;
        var message = new BackplaneInvocation("Chat.ChatHub", audience, targets, excluded,
            [new BackplanePayload("json", Encoding.UTF8.GetBytes("{\"type\":1}\u001e")), new BackplanePayload("messagepack", new byte[] { 0x95, 0x01, 0x80, 0xc0 })]);

        var copy = Assert.IsType<BackplaneInvocation>(RoundTrip(message));

        Assert.Equal(message.Hub, copy.Hub);
        Assert.Equal(audience, copy.Audience);
        Assert.Equal(targets, copy.Targets);
        Assert.Equal(excluded, copy.Excluded);
        Assert.Equal(message.Payloads.Select(p => p.Protocol), copy.Payloads.Select(p => p.Protocol));
        Assert.Equal(message.Payloads.Select(p => p.Bytes.ToArray()), copy.Payloads.Select(p => p.Bytes.ToArray()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BackplaneGroupCommand_ToBinaryThenFromBinary_RoundTrips(bool add)
    {
        var message = new BackplaneGroupCommand("Chat.ChatHub", "server-1", long.MaxValue, "conn-ü", "room ✓", add);

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void BackplaneAck_ToBinaryThenFromBinary_RoundTrips()
    {
        var message = new BackplaneAck("server-1", 42);

        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void SizeBound_OfEachMessage_IsAtLeastItsSerializedSize()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        IBackplaneMessage[] messages =
        [
            new BackplaneInvocation("Hub", BackplaneAudience.Groups, ["g"], ["x", "y"], [new BackplanePayload("json", new byte[300])]),
            new BackplaneGroupCommand("Hub", "s", 1, "c", "g", true),
            new BackplaneAck("s", 1),
        ];

        Assert.All(messages, m => Assert.InRange(serializer.ToBinary(m).Length, 1, BackplaneFormat.SizeBound(m)));
    }

    [Fact]
    public void FromBinary_InvocationWithATargetCountBeyondThePayload_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("Hub");
            writer.Write((byte)BackplaneAudience.Connections);
            writer.Write(int.MaxValue);
        }

        var manifest = serializer.Manifest(new BackplaneInvocation("Hub", BackplaneAudience.All, [], [], []));

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(stream.ToArray(), manifest));
    }

    [Fact]
    public void FromBinary_InvocationWithAnUnknownAudience_Throws()
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        var message = new BackplaneInvocation("Hub", BackplaneAudience.All, [], [], []);
        var bytes = serializer.ToBinary(message);
        bytes[4] = 9; // after the hub name: its length byte and three characters

        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => serializer.FromBinary(bytes, serializer.Manifest(message)));
    }

    [Fact]
    public void Serialization_BackplaneMessages_UseTheControlPlaneSerializer()
    {
        using var system = ControlPlaneSystems.Create("backplane-binding");

        Assert.IsType<ControlMessageSerializer>(system.Serialization.FindSerializerFor(new BackplaneInvocation("Hub", BackplaneAudience.All, [], [], [])));
        Assert.IsType<ControlMessageSerializer>(system.Serialization.FindSerializerFor(new BackplaneGroupCommand("Hub", "s", 1, "c", "g", true)));
        Assert.IsType<ControlMessageSerializer>(system.Serialization.FindSerializerFor(new BackplaneAck("s", 1)));
    }

    private object RoundTrip(object message)
    {
        var serializer = new ControlMessageSerializer((ExtendedActorSystem)Sys);
        return serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
    }
}
