using System.Net;
using System.Net.Sockets;
using StickyActors.Handoff;
using StickyActors.Listening.Steering;
using StickyActors.Routing;

namespace StickyActors.Tests.Steering;

public sealed class SteeringProgramTests
{
    private const ulong Seed = 1469598103934665603;

    [Theory]
    [InlineData(1024, 4, 32, 128)]
    [InlineData(1024, 3, 32, 128)]
    [InlineData(1024, 2, 24, 64)]
    [InlineData(1000, 7, 32, 128)]
    [InlineData(64, 64, 32, 128)]
    [InlineData(4096, 5, 32, 128)]
    public void Generate_RandomIpv4AndIpv6Sources_AgreesWithTheMastersBucketAndSlot(int buckets, int slots, int ipv4Prefix, int ipv6Prefix)
    {
        var random = new Random(buckets * 31 + slots);
        var slotOfBucket = RandomTable(random, buckets, slots);
        var program = SteeringProgram.Generate(slotOfBucket, slots, Seed, ipv4Prefix, ipv6Prefix);

        Assert.NotNull(program);
        for (var i = 0; i < 10_000; i++)
        {
            var address = RandomAddress(random, i);
            var client = ClientAddress.FromEndPoint(new IPEndPoint(address, 1));
            if (ipv4Prefix < 32 || ipv6Prefix < 128)
            {
                client = client.MaskTo(ipv4Prefix, ipv6Prefix);
            }

            var bucket = AffinityHash.Bucket(AffinityHash.Of(client, Seed), buckets);
            Assert.Equal((uint)slotOfBucket[bucket], ClassicBpfInterpreter.Run(program, SteeringPackets.From(address)));
        }
    }

    [Fact]
    public void Generate_OneSlotPerBucket_ReturnsTheMastersBucketForEveryAddress()
    {
        const int buckets = 256;
        var identity = Enumerable.Range(0, buckets).ToArray();
        var program = SteeringProgram.Generate(identity, buckets, Seed, 32, 128)!;
        var snapshot = RoutingSnapshot.Empty(buckets, 2, Seed);
        var random = new Random(5);

        for (var i = 0; i < 10_000; i++)
        {
            var address = RandomAddress(random, i);
            var expected = snapshot.BucketOf(ClientAddress.FromEndPoint(new IPEndPoint(address, 80)));
            Assert.Equal((uint)expected, ClassicBpfInterpreter.Run(program, SteeringPackets.From(address)));
        }
    }

    [Fact]
    public void Generate_Ipv4MappedIpv6Source_SteersLikeTheIpv4Address()
    {
        var table = RandomTable(new Random(1), 1024, 4);
        var program = SteeringProgram.Generate(table, 4, Seed, 32, 128)!;

        for (var i = 1; i < 500; i++)
        {
            var v4 = new IPAddress(new byte[] { 127, 0, (byte)(i >> 8), (byte)i });
            Assert.Equal(ClassicBpfInterpreter.Run(program, SteeringPackets.From(v4)), ClassicBpfInterpreter.Run(program, SteeringPackets.From(v4.MapToIPv6())));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(200)]
    [InlineData(1024)]
    public void Generate_WorstCaseTable_FitsTheKernelLimit(int slots)
    {
        var table = RandomTable(new Random(slots), 1024, slots);

        var program = SteeringProgram.Generate(table, slots, Seed, 32, 128);

        Assert.NotNull(program);
        Assert.InRange(program.Length, 1, Bpf.MaxInstructions);
    }

    [Fact]
    public void Generate_HomeTableOfFourWorkers_IsShort()
    {
        var home = Enumerable.Range(0, 1024).Select(b => b % 4).ToArray();

        var program = SteeringProgram.Generate(home, 4, Seed, 32, 128)!;

        Assert.True(program.Length < 150, $"{program.Length} instructions");
    }

    [Fact]
    public void Of32_RandomIpv6AndLoopbackAddresses_SpreadEvenlyOverBuckets()
    {
        const int buckets = 1024;
        var v6 = new int[buckets];
        var loopback = new int[buckets];
        var random = new Random(3);
        var bytes = new byte[16];
        for (var i = 0; i < 1024 * 200; i++)
        {
            random.NextBytes(bytes);
            v6[AffinityHash.Bucket(AffinityHash.Of(ClientAddress.FromIPv6(bytes, 0), Seed), buckets)]++;
            var address = new ClientAddress(AddressFamily.InterNetwork, 0, 0x7F00_0000u + (uint)i, 0);
            loopback[AffinityHash.Bucket(AffinityHash.Of(address, Seed), buckets)]++;
        }

        // 200 expected per bucket; a fair hash stays within ±35 % (about 5 standard deviations).
        Assert.All(v6, c => Assert.InRange(c, 130, 270));
        Assert.All(loopback, c => Assert.InRange(c, 130, 270));
    }

    private static int[] RandomTable(Random random, int buckets, int slots) =>
        Enumerable.Range(0, buckets).Select(b => random.Next(4) == 0 ? random.Next(slots) : b % slots).ToArray();

    private static IPAddress RandomAddress(Random random, int i)
    {
        var bytes = new byte[i % 2 == 0 ? 4 : 16];
        random.NextBytes(bytes);
        if (bytes.Length == 16)
        {
            bytes[0] = 0x20;
        }

        return new IPAddress(bytes);
    }
}
