using System.Runtime.Serialization;

namespace StickyActors.ControlPlane;

/// <summary>The wire format of <see cref="WorkerBucketsOwned"/> (manifest "O" of <see cref="ControlMessageSerializer"/>).</summary>
internal static class BucketsOwnedFormat
{
    private const int MaxBuckets = 1 << 20;

    public static void Write(BinaryWriter writer, WorkerBucketsOwned m)
    {
        writer.Write(m.WorkerId);
        writer.Write(m.CookieName);
        writer.Write(m.CookieLifetime.Ticks);
        writer.Write(m.Buckets);
        writer.Write(m.CookieKey);
        writer.Write(m.Owned.Count);
        foreach (var bucket in m.Owned)
        {
            writer.Write(bucket);
        }
    }

    public static WorkerBucketsOwned Read(BinaryReader reader)
    {
        var workerId = reader.ReadInt32();
        var name = reader.ReadString();
        var lifetime = TimeSpan.FromTicks(reader.ReadInt64());
        var buckets = reader.ReadInt32();
        var key = reader.ReadUInt64();
        var count = reader.ReadInt32();
        if (buckets < 1 || buckets > MaxBuckets || lifetime < TimeSpan.Zero)
        {
            throw new SerializationException($"bad bucket count {buckets} or lifetime {lifetime} in a buckets-owned message");
        }

        if (count < 0 || count > buckets || count > (reader.BaseStream.Length - reader.BaseStream.Position) / sizeof(int))
        {
            throw new SerializationException($"bad owned-bucket count {count} in a buckets-owned message");
        }

        var owned = new int[count];
        for (var i = 0; i < count; i++)
        {
            owned[i] = reader.ReadInt32();
            if ((uint)owned[i] >= (uint)buckets)
            {
                throw new SerializationException($"bucket {owned[i]} beyond {buckets} in a buckets-owned message");
            }
        }

        return new WorkerBucketsOwned(workerId, name, lifetime, buckets, key, owned);
    }
}
