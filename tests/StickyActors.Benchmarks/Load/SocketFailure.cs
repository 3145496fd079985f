using StickyActors.Benchmarks.Interop;

namespace StickyActors.Benchmarks.Load;

/// <summary>Maps a socket errno to the failure it stands for, by the stage it happened in.</summary>
internal static class SocketFailure
{
    /// <summary>connect(2) failed (synchronously or as SO_ERROR once it completed).</summary>
    public static Outcome OfConnect(int errno) => errno switch
    {
        Libc.ECONNREFUSED => Outcome.Refused,
        Libc.ETIMEDOUT => Outcome.ConnectTimeout,
        Libc.ECONNRESET => Outcome.Reset,
        _ => Outcome.OtherError,
    };

    /// <summary>send(2) or recv(2) failed after connecting, with <paramref name="received"/> response bytes so far.</summary>
    public static Outcome OfStream(int errno, int received) => errno switch
    {
        Libc.ECONNRESET or Libc.EPIPE => received == 0 ? Outcome.Reset : Outcome.Incomplete,
        Libc.ETIMEDOUT => Outcome.ResponseTimeout,
        _ => Outcome.OtherError,
    };
}
