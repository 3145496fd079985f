using System.Runtime.Serialization;
using System.Text;

namespace StickyActors.ControlPlane;

/// <summary>
/// The wire format of the backplane messages (manifests "V", "G" and "K" of
/// <see cref="ControlMessageSerializer"/>), and the largest one the control plane carries.
/// </summary>
internal static class BackplaneFormat
{
    /// <summary>
    /// The largest serialized backplane message: the control plane's frame limit less room for
    /// Akka's envelope around it (recipient and sender paths, manifest, sequence number).
    /// </summary>
    public const int MaxMessageBytes = ControlPlaneConfig.MaximumPayloadBytes - 8 * 1024;

    // A string on the wire: its UTF-8 bytes after a 7-bit encoded length of at most 5 bytes.
    private const int LengthPrefix = 5;

    public static void Write(BinaryWriter writer, BackplaneInvocation m)
    {
        writer.Write(m.Hub);
        writer.Write((byte)m.Audience);
        WriteStrings(writer, m.Targets);
        WriteStrings(writer, m.Excluded);
        writer.Write(m.Payloads.Count);
        foreach (var payload in m.Payloads)
        {
            writer.Write(payload.Protocol);
            writer.Write(payload.Bytes.Length);
            writer.Write(payload.Bytes.Span);
        }
    }

    public static BackplaneInvocation ReadInvocation(BinaryReader reader)
    {
        var hub = reader.ReadString();
        var audience = reader.ReadByte();
        if (audience > (byte)BackplaneAudience.Users)
        {
            throw new SerializationException($"unknown audience {audience} in a backplane invocation");
        }

        var targets = ReadStrings(reader);
        var excluded = ReadStrings(reader);
        var count = Count(reader, "payload");
        var payloads = new BackplanePayload[count];
        for (var i = 0; i < count; i++)
        {
            var protocol = reader.ReadString();
            var length = reader.ReadInt32();
            if (length < 0 || length > Remaining(reader))
            {
                throw new SerializationException($"bad payload length {length} in a backplane invocation");
            }

            payloads[i] = new BackplanePayload(protocol, reader.ReadBytes(length));
        }

        return new BackplaneInvocation(hub, (BackplaneAudience)audience, targets, excluded, payloads);
    }

    public static void Write(BinaryWriter writer, BackplaneGroupCommand m)
    {
        writer.Write(m.Hub);
        writer.Write(m.ReplyTo);
        writer.Write(m.Id);
        writer.Write(m.ConnectionId);
        writer.Write(m.Group);
        writer.Write(m.Add);
    }

    public static BackplaneGroupCommand ReadGroupCommand(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadString(), reader.ReadString(), reader.ReadBoolean());

    public static void Write(BinaryWriter writer, BackplaneAck m)
    {
        writer.Write(m.ReplyTo);
        writer.Write(m.Id);
    }

    public static BackplaneAck ReadAck(BinaryReader reader) => new(reader.ReadString(), reader.ReadInt64());

    /// <summary>At least the serialized size of <paramref name="message"/> (exact but for the strings' length prefixes), without serializing it.</summary>
    public static long SizeBound(IBackplaneMessage message) => message switch
    {
        BackplaneInvocation m => Size(m.Hub) + 1 + Size(m.Targets) + Size(m.Excluded) + sizeof(int)
            + m.Payloads.Sum(p => Size(p.Protocol) + sizeof(int) + (long)p.Bytes.Length),
        BackplaneGroupCommand m => Size(m.Hub) + Size(m.ReplyTo) + sizeof(long) + Size(m.ConnectionId) + Size(m.Group) + 1,
        BackplaneAck m => Size(m.ReplyTo) + sizeof(long),
        _ => throw new ArgumentException($"{message.GetType()} is not a backplane message", nameof(message)),
    };

    private static long Size(string value) => LengthPrefix + (long)Encoding.UTF8.GetByteCount(value);

    private static long Size(IReadOnlyList<string> values) => sizeof(int) + values.Sum(Size);

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var count = Count(reader, "string");
        var values = new string[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }

    // Every element takes at least one byte, so a count beyond the bytes left is a lie.
    private static int Count(BinaryReader reader, string what)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > Remaining(reader))
        {
            throw new SerializationException($"bad {what} count {count} in a backplane message");
        }

        return count;
    }

    private static long Remaining(BinaryReader reader) => reader.BaseStream.Length - reader.BaseStream.Position;
}
