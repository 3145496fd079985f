using System.Net;

namespace StickyActors.Worker;

/// <summary>The master's public endpoint, passed to the workers it launches so they can name it (in Kestrel's "Now listening on").</summary>
internal static class ListenEndPointVariable
{
    public const string Name = "STICKY_ACTORS_LISTEN_ENDPOINT";

    public static void WriteTo(IDictionary<string, string?> environment, IPEndPoint? endPoint)
    {
        if (endPoint is not null)
        {
            environment[Name] = endPoint.ToString();
        }
    }

    public static IPEndPoint? FromCurrentProcess() =>
        IPEndPoint.TryParse(Environment.GetEnvironmentVariable(Name) ?? string.Empty, out var endPoint) ? endPoint : null;
}
