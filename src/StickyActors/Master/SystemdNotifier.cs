using System.Net.Sockets;
using System.Text;

namespace StickyActors.Master;

/// <summary>
/// <c>sd_notify(3)</c> without libsystemd: one datagram per state change to <c>$NOTIFY_SOCKET</c>
/// (a path, or an abstract name written with a leading <c>@</c>). The variables are cleared, so no
/// worker sends a state on the master's behalf.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endPoint;

    private readonly string _path;

    private SystemdNotifier(string path, TimeSpan? watchdogInterval)
    {
        _path = path;
        _endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        WatchdogInterval = watchdogInterval;
    }

    /// <summary>Half of <c>WATCHDOG_USEC</c> when systemd watches this process; null otherwise.</summary>
    public TimeSpan? WatchdogInterval { get; }

    /// <summary>The notifier systemd asked for (<c>Type=notify</c>), or null when <c>NOTIFY_SOCKET</c> is not set.</summary>
    public static SystemdNotifier? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        var watchdogUsec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        var watchdogPid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
        Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
        Environment.SetEnvironmentVariable("WATCHDOG_PID", null);
        if (string.IsNullOrEmpty(path) || (path[0] != '/' && path[0] != '@'))
        {
            return null;
        }

        var watched = long.TryParse(watchdogUsec, out var usec) && usec > 0
            && (watchdogPid is null || (int.TryParse(watchdogPid, out var pid) && pid == Environment.ProcessId));
        return new SystemdNotifier(path, watched ? TimeSpan.FromMicroseconds(usec / 2) : null);
    }

    /// <summary>Sends one state (<c>READY=1</c>, <c>STOPPING=1</c>, …); false when systemd did not take it.</summary>
    public bool Notify(string state)
    {
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, _endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>The variables a next master (handover) needs to notify systemd in turn.</summary>
    public void WriteTo(IDictionary<string, string> environment)
    {
        environment["NOTIFY_SOCKET"] = _path;
        if (WatchdogInterval is { } interval)
        {
            environment["WATCHDOG_USEC"] = ((long)(interval * 2).TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public void Dispose() => _socket.Dispose();
}
