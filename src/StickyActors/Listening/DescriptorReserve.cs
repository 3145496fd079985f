using Microsoft.Win32.SafeHandles;

namespace StickyActors.Listening;

/// <summary>
/// One descriptor held in reserve (on /dev/null). When accept(2) runs out of descriptors the
/// reserve is given up, so the runtime still has one for what it must open meanwhile (an assembly,
/// a timer, a log line); it is taken back once accepting works again.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    private SafeFileHandle? _held = Open();

    public void Release()
    {
        _held?.Dispose();
        _held = null;
    }

    public void Restore() => _held ??= Open();

    public void Dispose() => Release();

    private static SafeFileHandle? Open()
    {
        try
        {
            return File.OpenHandle("/dev/null");
        }
        catch (IOException)
        {
            return null;
        }
    }
}
