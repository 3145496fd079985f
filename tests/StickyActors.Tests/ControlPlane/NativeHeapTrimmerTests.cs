using Microsoft.Extensions.Time.Testing;
using StickyActors.ControlPlane;

namespace StickyActors.Tests.ControlPlane;

/// <summary>The C heap is trimmed after compilation only: an idle process reads a counter and does nothing else.</summary>
public sealed class NativeHeapTrimmerTests
{
    private readonly FakeTimeProvider _time = new();
    private long _compiled;
    private int _trimCalls;
    private int _reads;

    [Fact]
    public void Trimmer_OneBurstOfCompilation_TrimsOnce()
    {
        using var trimmer = Create();
        _compiled = 5_000;

        Advance(periods: 10);

        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void Trimmer_NothingCompiledSinceStart_NeverTrims()
    {
        using var trimmer = Create();

        Advance(periods: 10);

        Assert.Equal(0, trimmer.Trims);
        Assert.Equal(10, _reads);
    }

    [Fact]
    public void Trimmer_CompilationAfterATrim_TrimsAgainNextPeriod()
    {
        using var trimmer = Create();
        _compiled = 5_000;
        Advance(periods: 3);

        _compiled = 5_120;
        Advance(periods: 1);

        Assert.Equal(2, trimmer.Trims);
    }

    [Fact]
    public void Trimmer_TrimNotAvailable_StopsChecking()
    {
        using var trimmer = Create(available: false);
        _compiled = 5_000;
        Advance(periods: 1);
        var readsAtFirstAttempt = _reads;

        _compiled = 6_000;
        Advance(periods: 5);

        Assert.Equal(1, _trimCalls);
        Assert.Equal(readsAtFirstAttempt, _reads);
    }

    [Fact]
    public void MallocTrim_ThisProcess_Resolves()
    {
        var released = Interop.Libc.MallocTrim(0);

        Assert.InRange(released, 0, 1);
    }

    private NativeHeapTrimmer Create(bool available = true) =>
        new(
            _time,
            () =>
            {
                _reads++;
                return _compiled;
            },
            () =>
            {
                _trimCalls++;
                return available;
            });

    private void Advance(int periods)
    {
        for (var i = 0; i < periods; i++)
        {
            _time.Advance(NativeHeapTrimmer.Period);
        }
    }
}
