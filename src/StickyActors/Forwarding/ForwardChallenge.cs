using System.Security.Cryptography;

namespace StickyActors.Forwarding;

/// <summary>
/// The first bytes the owning host writes on a forward connection: the magic <c>SAF1</c> and a
/// fresh random nonce. The forwarding host's header MAC covers the nonce, so a header captured on
/// one connection is worthless on any other.
/// </summary>
internal static class ForwardChallenge
{
    public const int NonceLength = 16;
    public const int Length = 4 + NonceLength;

    public static ReadOnlySpan<byte> Magic => "SAF1"u8;

    /// <summary>Writes the magic and a new random nonce into the first <see cref="Length"/> bytes of <paramref name="challenge"/>.</summary>
    public static void Create(Span<byte> challenge)
    {
        Magic.CopyTo(challenge);
        RandomNumberGenerator.Fill(challenge.Slice(Magic.Length, NonceLength));
    }

    /// <summary>The nonce of a received challenge; false when the magic is wrong or the challenge is short.</summary>
    public static bool TryGetNonce(ReadOnlySpan<byte> challenge, out ReadOnlySpan<byte> nonce)
    {
        nonce = default;
        if (challenge.Length < Length || !challenge.StartsWith(Magic))
        {
            return false;
        }

        nonce = challenge.Slice(Magic.Length, NonceLength);
        return true;
    }
}
