using StickyActors.Interop;

namespace StickyActors.Handoff;

/// <summary>
/// The one owner of a descriptor the master accepted, from accept(2) until it is handed to a worker,
/// given up or closed. A struct, so the accept path allocates nothing (a <c>SafeHandle</c> would
/// cost an object with a finalizer per connection); copies (a queue, <c>with</c>, an <c>in</c>
/// argument) stay safe because ownership is checked against <see cref="DescriptorGenerations"/>: the
/// first <see cref="Close"/> or <see cref="Detach"/> of any copy ends it, and every later one, on
/// any copy, does nothing, even once the kernel has given the number to another descriptor. The
/// number must never be closed any other way. <c>default</c> owns nothing.
/// </summary>
internal readonly struct OwnedDescriptor : IEquatable<OwnedDescriptor>
{
    // The number plus one, so that default owns nothing (rather than descriptor 0).
    private readonly int _fdPlusOne;
    private readonly int _generation;

    private OwnedDescriptor(int fd, int generation)
    {
        _fdPlusOne = fd + 1;
        _generation = generation;
    }

    /// <summary>Owns nothing: <see cref="Number"/> is -1, closing does nothing.</summary>
    public static OwnedDescriptor None => default;

    /// <summary>Whether this owner (and so every copy of it) still owns its descriptor.</summary>
    public bool IsOwned => _fdPlusOne > 0 && DescriptorGenerations.IsCurrent(_fdPlusOne - 1, _generation);

    /// <summary>The descriptor number for a system call while it is owned, else -1 (which the kernel refuses with EBADF).</summary>
    public int Number => IsOwned ? _fdPlusOne - 1 : -1;

    /// <summary>Takes ownership of <paramref name="fd"/>, just returned by the kernel; a negative one gives <see cref="None"/>.</summary>
    public static OwnedDescriptor Adopt(int fd) => fd < 0 ? None : new OwnedDescriptor(fd, DescriptorGenerations.Current(fd));

    /// <summary>Closes the descriptor if this owner still owns it; harmless on any copy, any number of times.</summary>
    public void Close()
    {
        var fd = Detach();
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }

    /// <summary>
    /// Ends ownership without closing and returns the number, which the caller now owns (for example a
    /// <c>SafeSocketHandle</c>); -1 if this owner no longer owned it.
    /// </summary>
    public int Detach()
    {
        var fd = _fdPlusOne - 1;
        return fd >= 0 && DescriptorGenerations.TryEnd(fd, _generation) ? fd : -1;
    }

    public bool Equals(OwnedDescriptor other) => _fdPlusOne == other._fdPlusOne && _generation == other._generation;

    public override bool Equals(object? obj) => obj is OwnedDescriptor other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_fdPlusOne, _generation);

    public override string ToString() => $"fd {_fdPlusOne - 1} (generation {_generation})";

    public static bool operator ==(OwnedDescriptor left, OwnedDescriptor right) => left.Equals(right);

    public static bool operator !=(OwnedDescriptor left, OwnedDescriptor right) => !left.Equals(right);
}
