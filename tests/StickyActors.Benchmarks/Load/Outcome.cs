namespace StickyActors.Benchmarks.Load;

/// <summary>How one connection-per-request GET ended; everything but <see cref="Ok"/> is a failure.</summary>
internal enum Outcome : byte
{
    /// <summary>A complete 200 response whose body named the worker.</summary>
    Ok,

    /// <summary>connect(2) failed with ECONNREFUSED: nothing listened on the port.</summary>
    Refused,

    /// <summary>The connection was not established within the request timeout (SYN not answered).</summary>
    ConnectTimeout,

    /// <summary>Reset (ECONNRESET, EPIPE) after connecting, before any response byte.</summary>
    Reset,

    /// <summary>Closed by the server (FIN) after connecting, before any response byte.</summary>
    Closed,

    /// <summary>Some response bytes, then a close or reset before the response was complete.</summary>
    Incomplete,

    /// <summary>Connected, but no complete response within the request timeout.</summary>
    ResponseTimeout,

    /// <summary>A complete response whose status was not 200.</summary>
    Non200,

    /// <summary>A complete 200 response without a <c>worker: N</c> body, or one too large for the buffer.</summary>
    Unrecognized,

    /// <summary>Any other socket error; the record keeps its errno.</summary>
    OtherError,
}
