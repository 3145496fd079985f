using System.Diagnostics;

namespace StickyActors.Benchmarks.Load;

/// <summary>Runs a <see cref="LoadSpec"/> on its threads, each an <see cref="EpollLoadLoop"/>, and sums them.</summary>
internal static class LoadGenerator
{
    private static readonly TimeSpan StartDelay = TimeSpan.FromMilliseconds(50);

    public static LoadResult Run(LoadSpec spec, SourceAddresses sources)
    {
        var threads = Math.Clamp(spec.Threads, 1, spec.Connections);
        var recorders = new List<LatencyRecorder>();
        var loops = new EpollLoadLoop[threads];
        var interval = 0L;
        if (spec.Mode == LoadMode.Paced)
        {
            interval = (long)(Stopwatch.Frequency * threads / spec.Rate);
        }

        for (var t = 0; t < threads; t++)
        {
            LatencyRecorder? recorder = null;
            if (spec.Mode == LoadMode.Paced)
            {
                recorder = new LatencyRecorder((int)Math.Min(20_000_000, (spec.Rate / threads * spec.Duration.TotalSeconds * 1.2) + 1_000));
                recorders.Add(recorder);
            }

            var slots = (spec.Connections / threads) + (t < spec.Connections % threads ? 1 : 0);
            loops[t] = new EpollLoadLoop(spec.Mode, spec.Address, spec.Port, slots, sources, t * (sources.Count / threads), recorder);
        }

        var start = Stopwatch.GetTimestamp() + (long)(StartDelay.TotalSeconds * Stopwatch.Frequency);
        var end = start + (long)(spec.Duration.TotalSeconds * Stopwatch.Frequency);
        var counters = new LoopCounters[threads];
        var failures = new Exception?[threads];
        var workers = new Thread[threads];
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var wallBefore = Stopwatch.GetTimestamp();
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                try
                {
                    counters[index] = loops[index].Run(start, end, interval);
                }
                catch (InvalidOperationException e)
                {
                    failures[index] = e;
                }
            })
            {
                IsBackground = true,
                Name = $"load-{t}",
            };
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(wallBefore).TotalSeconds;
        foreach (var loop in loops)
        {
            loop.Dispose();
        }

        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            throw new InvalidOperationException("A load loop failed: " + failure.Message, failure);
        }

        var total = default(LoopCounters);
        foreach (var c in counters)
        {
            total.Add(c);
        }

        var seconds = spec.Duration.TotalSeconds;
        var paced = spec.Mode == LoadMode.Paced;
        return new LoadResult(
            total.Completed / seconds,
            total.Completed,
            total.Errors,
            paced ? LatencyRecorder.PercentileMicros(recorders, 50) : double.NaN,
            paced ? LatencyRecorder.PercentileMicros(recorders, 99) : double.NaN,
            total.MaxStartLag * 1_000_000.0 / Stopwatch.Frequency,
            cpu / wall / Environment.ProcessorCount);
    }
}
