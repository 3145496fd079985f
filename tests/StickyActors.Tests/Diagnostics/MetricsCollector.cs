using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace StickyActors.Tests.Diagnostics;

/// <summary>
/// Listens to the StickyActors meter of its own meter factory only (so parallel tests do not see
/// each other): the last observed value per instrument and tag, and every histogram recording.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, double> _last = [];
    private readonly Dictionary<string, double> _sums = [];
    private readonly Dictionary<string, List<double>> _recorded = [];

    public MetricsCollector()
    {
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == MeterFactory && instrument.Meter.Name == "StickyActors")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument, value, tags));
        _listener.Start();
    }

    public IMeterFactory MeterFactory { get; }

    /// <summary>Every value a histogram recorded.</summary>
    public IReadOnlyList<double> Recorded(string name)
    {
        lock (_last)
        {
            return _recorded.TryGetValue(name, out var values) ? values.ToArray() : [];
        }
    }

    /// <summary>Collects the observable instruments and returns the value of <paramref name="name"/> with that tag.</summary>
    public double Observe(string name, string? tag = null)
    {
        _listener.RecordObservableInstruments();
        lock (_last)
        {
            return _last.TryGetValue(Key(name, tag), out var value) ? value : double.NaN;
        }
    }

    /// <summary>The sum of everything a (non-observable) counter recorded.</summary>
    public double Sum(string name)
    {
        lock (_last)
        {
            return _sums.TryGetValue(name, out var value) ? value : 0;
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private static string Key(string name, string? tag) => tag is null ? name : $"{name}|{tag}";

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tag = tags.Length == 0 ? null : string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        lock (_last)
        {
            _last[Key(instrument.Name, tag)] = value;
            _sums[instrument.Name] = _sums.GetValueOrDefault(instrument.Name) + value;
            if (instrument is Histogram<double>)
            {
                _recorded.TryAdd(instrument.Name, []);
                _recorded[instrument.Name].Add(value);
            }
        }
    }
}
