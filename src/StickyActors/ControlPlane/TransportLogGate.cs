using Microsoft.Extensions.Logging;

namespace StickyActors.ControlPlane;

/// <summary>
/// The logger factory Akka logs through, with the control-plane transport's per-connection lines
/// (a refused TLS handshake logs three, one with a stack trace; an idle connection that never
/// completes the handshake logs when Akka gives up on it) let through at most once per second
/// per level, with a count of what was held back: junk connections from strangers cannot fill the
/// disk, and a real problem still shows.
/// </summary>
internal sealed class TransportLogGate(ILoggerFactory inner) : ILoggerFactory
{
    // Per-connection lines: DotNetty's server handler, a refused TLS handshake, and the Akka protocol
    // giving up on an inbound connection that never completed its handshake (idle strangers).
    private static readonly string[] s_transportMarkers =
    [
        "TcpServerHandler (", "TLS handshake failed", "Rejected incoming connection", "for inbound association",
    ];
    private readonly Window[] _windows = Enumerable.Range(0, (int)LogLevel.None + 1).Select(_ => new Window()).ToArray();

    public ILogger CreateLogger(string categoryName) => new GatedLogger(inner.CreateLogger(categoryName), this);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The caller does not own the inner factory; nothing to release.</summary>
    public void Dispose()
    {
    }

    /// <summary>Whether to write this transport line now; <paramref name="held"/> counts those held back since the last one.</summary>
    internal bool Admit(LogLevel level, long nowMs, out long held)
    {
        var window = _windows[(int)level];
        lock (window)
        {
            if (nowMs - window.LastWrittenMs < 1000 && window.LastWrittenMs != 0)
            {
                window.Held++;
                held = 0;
                return false;
            }

            held = window.Held;
            window.Held = 0;
            window.LastWrittenMs = nowMs;
            return true;
        }
    }

    internal static bool IsTransportLine(string text)
    {
        foreach (var marker in s_transportMarkers)
        {
            if (text.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Window
    {
        public long LastWrittenMs;
        public long Held;
    }

    private sealed class GatedLogger(ILogger inner, TransportLogGate gate) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            if (!IsTransportLine(text))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            if (!gate.Admit(logLevel, Environment.TickCount64, out var held))
            {
                return;
            }

            // Without the stack trace: one line, and the count of lines like it held back.
            var line = held == 0 ? text : $"{text} ({held} more control-plane transport line(s) at this level held back in the last second)";
            inner.Log(logLevel, eventId, line, null, static (s, _) => s);
        }
    }
}
