using System.Globalization;
using System.Text.Json;

using StickyActors.Benchmarks.Load;

namespace StickyActors.Benchmarks.Faults;

/// <summary>Failed requests of one group, by <see cref="Outcome"/>; other socket errors by errno.</summary>
internal sealed class FailureCounts
{
    private readonly int[] _byOutcome = new int[Enum.GetValues<Outcome>().Length];
    private readonly SortedDictionary<int, int> _otherErrnos = [];

    public int Total { get; private set; }

    public void Add(in RequestRecord record)
    {
        if (record.Ok)
        {
            return;
        }

        Total++;
        _byOutcome[(int)record.Outcome]++;
        if (record.Outcome == Outcome.OtherError)
        {
            _otherErrnos[record.Errno] = _otherErrnos.GetValueOrDefault(record.Errno) + 1;
        }
    }

    /// <summary>For example <c>reset 3, closed before response 1</c>, or <c>none</c>.</summary>
    public override string ToString()
    {
        var parts = Kinds().Where(k => k.Outcome != Outcome.OtherError).Select(k => $"{Label(k.Outcome)} {k.Count}")
            .Concat(_otherErrnos.Select(e => $"other error (errno {e.Key}) {e.Value}"));
        return Total == 0 ? "none" : string.Join(", ", parts);
    }

    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("total", Total);
        foreach (var (outcome, count) in Kinds().Where(k => k.Outcome != Outcome.OtherError))
        {
            json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()), count);
        }

        foreach (var (errno, count) in _otherErrnos)
        {
            json.WriteNumber("errno" + errno.ToString(CultureInfo.InvariantCulture), count);
        }

        json.WriteEndObject();
    }

    public static string Label(Outcome outcome) => outcome switch
    {
        Outcome.Refused => "connect refused",
        Outcome.ConnectTimeout => "connect timeout",
        Outcome.Reset => "reset before response",
        Outcome.Closed => "closed before response",
        Outcome.Incomplete => "incomplete response",
        Outcome.ResponseTimeout => "response timeout",
        Outcome.Non200 => "non-200",
        Outcome.Unrecognized => "unrecognized 200",
        Outcome.OtherError => "other error",
        _ => "ok",
    };

    private IEnumerable<(Outcome Outcome, int Count)> Kinds() =>
        Enum.GetValues<Outcome>().Where(o => o != Outcome.Ok && _byOutcome[(int)o] > 0).Select(o => (o, _byOutcome[(int)o]));
}
