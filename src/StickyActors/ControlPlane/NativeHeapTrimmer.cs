using System.Runtime;

namespace StickyActors.ControlPlane;

/// <summary>
/// Gives the C heap's free pages (and a small managed heap's start-up garbage) back to the kernel
/// after the runtime compiled something. The JIT and the type loader allocate their working memory with malloc and free it after each method; the
/// few long-lived blocks between keep glibc from shrinking its heap, so a process that has just
/// compiled Akka, Akka.Remote and the application sits on 7–8 MiB of freed memory (measured: master
/// [heap] 9.4 → 1.7 MiB RSS after one <c>malloc_trim(0)</c>, a worker 9.7 → 2.2 MiB). Checks every
/// <see cref="Period"/> whether the number of compiled methods grew since the last trim and trims only
/// then, so an idle or steady process does nothing but read one counter. When the process is quiet
/// (it allocated less than <see cref="QuietAllocationBytes"/> since the last trim) and its managed heap
/// is below <see cref="CollectBelowBytes"/>, the same moment also runs one aggressive full collection,
/// which decommits what start-up allocated and no longer uses (master -1.5 MiB, workers -1.5 to
/// -2 MiB, side by side); a process under load or with a larger heap is never collected here. Linux with glibc only; where <c>malloc_trim</c> does not exist (musl) the
/// first attempt ends the timer. One per process (<see cref="EnsureStartedForProcess"/>), for the
/// process's life: the heap belongs to the process, not to one actor system.
/// </summary>
internal sealed class NativeHeapTrimmer : IDisposable
{
    /// <summary>How often the compiled-method count is read: a start-up is trimmed within this time.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    /// <summary>The managed heap size up to which a trim also collects (a full collection's pause grows with the heap).</summary>
    public const long CollectBelowBytes = 32L * 1024 * 1024;

    /// <summary>At most this much allocated since the last trim counts as quiet (no traffic to pause).</summary>
    public const long QuietAllocationBytes = 4L * 1024 * 1024;

    private static NativeHeapTrimmer? s_process;
    private static long s_allocatedAtLastTrim;

    private readonly Func<long> _compiledMethods;
    private readonly Func<bool> _trim;
    private readonly ITimer _timer;
    private long _trimmedAt;
    private int _trims;

    public NativeHeapTrimmer(TimeProvider time, Func<long> compiledMethods, Func<bool> trim)
    {
        _compiledMethods = compiledMethods;
        _trim = trim;
        _timer = time.CreateTimer(_ => Tick(), null, Period, Period);
    }

    /// <summary>How many times the heap was trimmed.</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>Starts this process's trimmer unless it runs already (Linux only; elsewhere nothing).</summary>
    public static void EnsureStartedForProcess()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref s_process) is not null)
        {
            return;
        }

        var trimmer = new NativeHeapTrimmer(TimeProvider.System, () => JitInfo.GetCompiledMethodCount(), TrimProcessHeap);
        if (Interlocked.CompareExchange(ref s_process, trimmer, null) is not null)
        {
            trimmer.Dispose();
        }
    }

    public void Dispose() => _timer.Dispose();

    private static bool TrimProcessHeap()
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var quiet = allocated - Interlocked.Exchange(ref s_allocatedAtLastTrim, allocated) <= QuietAllocationBytes;
        if (quiet && GC.GetTotalMemory(forceFullCollection: false) <= CollectBelowBytes)
        {
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        try
        {
            _ = Interop.Libc.MallocTrim(0);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private void Tick()
    {
        var compiled = _compiledMethods();
        if (compiled == Interlocked.Exchange(ref _trimmedAt, compiled))
        {
            return;
        }

        if (_trim())
        {
            Interlocked.Increment(ref _trims);
        }
        else
        {
            _timer.Dispose();
        }
    }
}
