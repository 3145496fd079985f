using Microsoft.Win32.SafeHandles;

namespace StickyActors.Listening;

/// <summary>
/// Descriptors held in reserve (on /dev/null). When accept(2) runs out of descriptors they are given
/// up, so the runtime keeps headroom for what it must open meanwhile (code, timers, a log line);
/// they are taken back once accepting has worked for a while without running out again.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    private const int Size = 16;
    private readonly List<SafeFileHandle> _held = [];

    public DescriptorReserve() => Restore();

    public bool IsReleased => _held.Count == 0;

    public void Release()
    {
        foreach (var handle in _held)
        {
            handle.Dispose();
        }

        _held.Clear();
    }

    public void Restore()
    {
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
    }

    public void Dispose() => Release();
}
