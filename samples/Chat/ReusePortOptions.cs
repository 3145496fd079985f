using System.Globalization;
using System.Net;

/// <summary>
/// <c>--reuseport-instance K</c>: run as instance K of a plain, non-sticky cluster, where every
/// instance binds <c>--address</c>:<c>--port</c> itself with SO_REUSEPORT and the kernel spreads
/// connections with no client affinity.
/// </summary>
internal sealed record ReusePortOptions(int Instance, IPAddress Address, int Port)
{
    /// <summary>The options, or null when <c>--reuseport-instance</c> is absent (StickyActors mode).</summary>
    public static ReusePortOptions? FromArgs(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length - 1; i++)
        {
            values[args[i]] = args[i + 1];
        }

        if (!values.TryGetValue("--reuseport-instance", out var instance))
        {
            return null;
        }

        return new ReusePortOptions(
            Number(instance),
            IPAddress.Parse(values.GetValueOrDefault("--address", "127.0.0.1")),
            values.TryGetValue("--port", out var port) ? Number(port) : 3000);
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
