using Microsoft.Win32.SafeHandles;

namespace StickyActors.Listening;

/// <summary>
/// Descriptors held in reserve (on /dev/null). When accept(2) runs out of descriptors they are given
/// up, so the runtime keeps headroom for what it must open meanwhile (code, timers, a log line);
/// they are taken back once accepting has worked for a while without running out again. Shared by
/// every accept thread, so each operation holds a lock (they are rare: only around running out).
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    internal const int Size = 16;
    private readonly Lock _lock = new();
    private readonly List<SafeFileHandle> _held = [];
    private volatile bool _released;
    private bool _disposed;

    public DescriptorReserve() => Restore();

    /// <summary>Whether the reserve is (partly) given up; read without the lock on the accept path.</summary>
    public bool IsReleased => _released;

    /// <summary>How many descriptors are held now.</summary>
    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            foreach (var handle in _held)
            {
                handle.Dispose();
            }

            _held.Clear();
            _released = true;
        }
    }

    public void Restore()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                while (_held.Count < Size)
                {
                    _held.Add(File.OpenHandle("/dev/null"));
                }
            }
            catch (IOException)
            {
                // Still short of descriptors: keep what we got and try again later.
            }

            _released = _held.Count < Size;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        Release();
    }
}
