using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using StickyActors.Handoff;

namespace StickyActors.Benchmarks.Micro;

/// <summary>
/// What owning an accepted descriptor costs the master per connection, without the system calls:
/// <see cref="OwnedDescriptor"/> as the accept path uses it (adopt, read the number to send it,
/// end ownership) beside a <c>SafeHandle</c> per connection, the alternative it was chosen over.
/// The descriptor numbers cycle through 1,024 values; nothing is opened or closed.
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet derives from it; nothing else uses it.</remarks>
[MemoryDiagnoser]
public class DescriptorOwnerBenchmarks
{
    /// <summary>The category of benchmarks shown for comparison only, not held to the targets.</summary>
    public const string Reference = "reference";

    private const int Numbers = 1024;
    private const int FirstNumber = 100_000;
    private int _next;

    /// <summary>Adopt, <c>Number</c> (as the sender reads it), <c>Detach</c> (as the close after the send does).</summary>
    [Benchmark(Baseline = true)]
    public int OwnedDescriptorLifetime()
    {
        var owner = OwnedDescriptor.Adopt(Next());
        var number = owner.Number;
        return owner.Detach() + number;
    }

    /// <summary>A <c>SafeSocketHandle</c> per connection: allocated with a finaliser, referenced, disposed (marked invalid so no descriptor is closed).</summary>
    [Benchmark]
    [BenchmarkCategory(Reference)]
    public int SafeHandleLifetime()
    {
        using var handle = new SafeSocketHandle(Next(), ownsHandle: true);
        var number = (int)handle.DangerousGetHandle();
        handle.SetHandleAsInvalid();
        return number;
    }

    private int Next() => FirstNumber + (_next++ & (Numbers - 1));
}
