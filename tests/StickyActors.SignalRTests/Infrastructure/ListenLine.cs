using System.Globalization;
using System.Text.RegularExpressions;

namespace StickyActors.SignalRTests.Infrastructure;

/// <summary>The port in the line a server prints when it listens: <c>accepting on 127.x.y.z:PORT</c>.</summary>
internal static partial class ListenLine
{
    public static bool Matches(string line) => Pattern().IsMatch(line);

    public static int Port(string line) =>
        int.Parse(Pattern().Match(line).Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"accepting on 127\.\d+\.\d+\.\d+:(\d+)")]
    private static partial Regex Pattern();
}
