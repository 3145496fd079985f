using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace StickyActors.ControlPlane;

/// <summary>
/// Takes the place of Akka's JSON serializer (the default for <c>System.Object</c>, which writes and
/// reads .NET type names): nothing is serialized or deserialized through it, so a remote message
/// can only be one of our control messages or one of Akka's own protobuf-encoded system messages.
/// </summary>
internal sealed class RefusingSerializer : Serializer
{
    public RefusingSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public RefusingSerializer(ExtendedActorSystem system, Config config)
        : base(system)
    {
        _ = config;
    }

    /// <summary>The JSON serializer's identifier, so that id is taken and refuses too.</summary>
    public override int Identifier => 1;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new System.Runtime.Serialization.SerializationException($"{obj.GetType()} is not a control-plane message and will not be sent");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new System.Runtime.Serialization.SerializationException("only control-plane messages are accepted");
}
