using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace StickyActors.Supervision;

/// <summary>
/// The one thread that starts worker processes. A worker's parent-death signal fires when the
/// parent <em>thread</em> that forked it exits, and <c>Process.Start</c> forks on the calling thread
/// (an Akka dispatcher or thread-pool thread, which may retire at any time); forking from this
/// thread, which lives as long as the master, makes the signal mean "the master died". It also
/// serialises launches, so a worker inherits only its own channel end.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<Action> s_work = new();
    private static readonly Thread s_thread = StartThread();

    /// <summary>Whether the caller is the launcher thread.</summary>
    public static bool IsCurrent => Environment.CurrentManagedThreadId == s_thread.ManagedThreadId;

    /// <summary>Runs <paramref name="launch"/> on the launcher thread and returns its result (or throws its exception).</summary>
    public static T Run<T>(Func<T> launch)
    {
        if (IsCurrent)
        {
            return launch();
        }

        T result = default!;
        ExceptionDispatchInfo? failure = null;
        using var done = new ManualResetEventSlim();
        s_work.Add(() =>
        {
            try
            {
                result = launch();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        failure?.Throw();
        return result;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var work in s_work.GetConsumingEnumerable())
            {
                work();
            }
        })
        {
            IsBackground = true,
            Name = "sticky-launcher",
        };
        thread.Start();
        return thread;
    }
}
