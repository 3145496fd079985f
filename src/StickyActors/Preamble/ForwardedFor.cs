using System.Net;
using StickyActors.Handoff;
using StickyActors.Routing;

namespace StickyActors.Preamble;

/// <summary>
/// Picks the client out of an X-Forwarded-For value. Each proxy appends the address it received the
/// request from, so the list is read from the right: addresses inside a trusted network are proxies and
/// are skipped, entries that are not addresses (<c>unknown</c>, obfuscated names, garbage) are skipped,
/// and the right-most remaining address is the client.
/// </summary>
internal static class ForwardedFor
{
    /// <summary>
    /// The right-most address that parses and lies in none of <paramref name="trusted"/>. Entries may be
    /// <c>v4</c>, <c>v4:port</c>, <c>v6</c>, <c>[v6]</c> or <c>[v6]:port</c>. False when there is none.
    /// </summary>
    public static bool TryPickClient(ReadOnlySpan<byte> value, IReadOnlyList<IPNetwork> trusted, out ClientAddress client)
    {
        var end = value.Length;
        while (end >= 0)
        {
            var comma = value[..end].LastIndexOf((byte)',');
            var entry = value[HttpHeaderFields.Trim(value, comma + 1, end)];
            end = comma;
            if (TryParseEntry(entry, out client) && !IsTrusted(client, trusted))
            {
                return true;
            }
        }

        client = ClientAddress.None;
        return false;
    }

    private static bool TryParseEntry(ReadOnlySpan<byte> entry, out ClientAddress address)
    {
        address = ClientAddress.None;
        ushort port = 0;
        if (entry.StartsWith("["u8))
        {
            var close = entry.IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            var after = entry[(close + 1)..];
            return (after.IsEmpty || (after[0] == ':' && AddressText.TryParsePort(after[1..], out port))) &&
                   AddressText.TryParseIPv6(entry[1..close], port, out address);
        }

        var colon = entry.IndexOf((byte)':');
        if (colon >= 0 && entry[(colon + 1)..].Contains((byte)':'))
        {
            return AddressText.TryParseIPv6(entry, 0, out address);
        }

        return colon < 0
            ? AddressText.TryParseIPv4(entry, 0, out address)
            : AddressText.TryParsePort(entry[(colon + 1)..], out port) && AddressText.TryParseIPv4(entry[..colon], port, out address);
    }

    private static bool IsTrusted(ClientAddress address, IReadOnlyList<IPNetwork> trusted)
    {
        for (var i = 0; i < trusted.Count; i++)
        {
            if (address.IsIn(trusted[i]))
            {
                return true;
            }
        }

        return false;
    }
}
