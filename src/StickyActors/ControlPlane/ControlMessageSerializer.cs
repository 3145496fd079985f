using Akka.Actor;
using Akka.Serialization;

namespace StickyActors.ControlPlane;

/// <summary>
/// Explicit binary format for the control-plane messages, so nothing but these plain fields crosses
/// the process boundary (no type names, no reflection-driven deserialisation from the wire).
/// </summary>
internal sealed class ControlMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 4711;

    private const string Register = "R";
    private const string Registered = "A";
    private const string Refused = "X";
    private const string Drain = "D";
    private const string Draining = "W";
    private const string Sessions = "B";
    private const string BucketsOwned = "O";
    private const string PingManifest = "P";
    private const string PongManifest = "Q";
    private const string Invocation = "V";
    private const string GroupCommand = "G";
    private const string Ack = "K";
    private const int MaxSessionBuckets = 1 << 20;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RegisterWorker => Register,
        WorkerRegistered => Registered,
        RegistrationRefused => Refused,
        DrainWorker => Drain,
        WorkerDraining => Draining,
        WorkerSessions => Sessions,
        WorkerBucketsOwned => BucketsOwned,
        Ping => PingManifest,
        Pong => PongManifest,
        BackplaneInvocation => Invocation,
        BackplaneGroupCommand => GroupCommand,
        BackplaneAck => Ack,
        _ => throw new ArgumentException($"{o.GetType()} is not a control-plane message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        if (obj is Ping)
        {
            return [];
        }

        if (obj is Pong pong)
        {
            return pong.SteeredAccepted == 0
                ? BitConverter.GetBytes(pong.IgnoredMessages)
                : [.. BitConverter.GetBytes(pong.IgnoredMessages), .. BitConverter.GetBytes(pong.SteeredAccepted)];
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case RegisterWorker m:
                    writer.Write(m.WorkerId);
                    writer.Write(m.Generation);
                    writer.Write(m.Pid);
                    writer.Write(m.Secret);
                    break;
                case WorkerRegistered m:
                    writer.Write(m.WorkerId);
                    break;
                case RegistrationRefused m:
                    writer.Write(m.Reason);
                    break;
                case DrainWorker m:
                    writer.Write(m.Deadline.Ticks);
                    break;
                case WorkerDraining m:
                    writer.Write(m.WorkerId);
                    break;
                case WorkerSessions m:
                    WriteSessions(writer, m);
                    break;
                case WorkerBucketsOwned m:
                    BucketsOwnedFormat.Write(writer, m);
                    break;
                case BackplaneInvocation m:
                    BackplaneFormat.Write(writer, m);
                    break;
                case BackplaneGroupCommand m:
                    BackplaneFormat.Write(writer, m);
                    break;
                case BackplaneAck m:
                    BackplaneFormat.Write(writer, m);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a control-plane message", nameof(obj));
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            Register => new RegisterWorker(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString()),
            Registered => new WorkerRegistered(reader.ReadInt32()),
            Refused => new RegistrationRefused(reader.ReadString()),
            Drain => new DrainWorker(TimeSpan.FromTicks(reader.ReadInt64())),
            Draining => new WorkerDraining(reader.ReadInt32()),
            Sessions => ReadSessions(reader),
            BucketsOwned => BucketsOwnedFormat.Read(reader),
            Invocation => BackplaneFormat.ReadInvocation(reader),
            GroupCommand => BackplaneFormat.ReadGroupCommand(reader),
            Ack => BackplaneFormat.ReadAck(reader),
            PingManifest => Ping.Instance,
            PongManifest => bytes.Length switch
            {
                0 => Pong.Instance,
                sizeof(long) => new Pong(reader.ReadInt64()),
                _ => new Pong(reader.ReadInt64(), reader.ReadInt64()),
            },
            _ => throw new System.Runtime.Serialization.SerializationException($"unknown control-plane manifest '{manifest}'"),
        };
    }

    private static void WriteSessions(BinaryWriter writer, WorkerSessions m)
    {
        writer.Write(m.WorkerId);
        writer.Write(m.OpenBuckets.Count);
        foreach (var bucket in m.OpenBuckets)
        {
            writer.Write(bucket);
        }
    }

    private static WorkerSessions ReadSessions(BinaryReader reader)
    {
        var workerId = reader.ReadInt32();
        var count = reader.ReadInt32();
        if (count < 0 || count > MaxSessionBuckets || count > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(int))
        {
            throw new System.Runtime.Serialization.SerializationException($"bad bucket count {count} in a sessions report");
        }

        var buckets = new int[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = reader.ReadInt32();
        }

        return new WorkerSessions(workerId, buckets);
    }
}
