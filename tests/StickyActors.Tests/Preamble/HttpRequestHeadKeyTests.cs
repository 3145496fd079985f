using System.Text;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class HttpRequestHeadKeyTests
{
    private const string Head =
        "GET /cart?sid=q1&empty=&flag&x%20y=raw%20value&sid=q2#frag HTTP/1.1\r\n" +
        "Host: shop.example.com:8080\r\n" +
        "X-Session-Id2: wrong\r\n" +
        "x-session-id: \t abc123 \t\r\n" +
        "X-Session-Id: second\r\n" +
        "X-Empty:\r\n" +
        "Cookie: theme=dark; SID=upper; xsid=prefix; sid=\"c1\"\r\n" +
        "Cookie: sid=c2; tracking=\r\n" +
        "Cookie2: other=1\r\n" +
        "\r\n" +
        "X-In-Body: nope\r\n\r\n";

    private static string? Key(AffinityKeyKind kind, string name, string head = Head)
    {
        var bytes = Encoding.ASCII.GetBytes(head);
        return HttpRequestHead.TryGetKey(bytes, kind, Encoding.ASCII.GetBytes(name), out var value)
            ? Encoding.ASCII.GetString(bytes[value])
            : null;
    }

    [Theory]
    [InlineData("X-Session-Id", "abc123")]
    [InlineData("HOST", "shop.example.com:8080")]
    [InlineData("x-session-id2", "wrong")]
    [InlineData("Cookie2", "other=1")]
    public void TryGetKey_Header_FirstOccurrenceCaseInsensitiveTrimmed(string name, string expected)
    {
        Assert.Equal(expected, Key(AffinityKeyKind.Header, name));
    }

    [Theory]
    [InlineData("X-Missing")]
    [InlineData("X-Empty")]
    [InlineData("X-In-Body")]
    [InlineData("X-Session")]
    [InlineData("")]
    public void TryGetKey_HeaderAbsentEmptyOrAfterTheHead_False(string name)
    {
        Assert.Null(Key(AffinityKeyKind.Header, name));
    }

    [Theory]
    [InlineData("sid", "c1")]
    [InlineData("SID", "upper")]
    [InlineData("theme", "dark")]
    [InlineData("xsid", "prefix")]
    public void TryGetKey_Cookie_FirstMatchingNameUnquoted(string name, string expected)
    {
        Assert.Equal(expected, Key(AffinityKeyKind.Cookie, name));
    }

    [Fact]
    public void TryGetKey_CookieOnlyInSecondCookieHeader_Found()
    {
        const string head = "GET / HTTP/1.1\r\nCookie: a=1\r\nCookie: b=2;sid=later\r\n\r\n";

        Assert.Equal("later", Key(AffinityKeyKind.Cookie, "sid", head));
    }

    [Theory]
    [InlineData("other")]
    [InlineData("tracking")]
    [InlineData("Sid")]
    [InlineData("dark")]
    public void TryGetKey_CookieAbsentEmptyOrOnlyInCookie2_False(string name)
    {
        Assert.Null(Key(AffinityKeyKind.Cookie, name));
    }

    [Theory]
    [InlineData("sid", "q1")]
    [InlineData("x%20y", "raw%20value")]
    public void TryGetKey_QueryParameter_FirstRawMatch(string name, string expected)
    {
        Assert.Equal(expected, Key(AffinityKeyKind.QueryParameter, name));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("flag")]
    [InlineData("frag")]
    [InlineData("x y")]
    [InlineData("cart")]
    [InlineData("SID")]
    public void TryGetKey_QueryParameterAbsentOrEmpty_False(string name)
    {
        Assert.Null(Key(AffinityKeyKind.QueryParameter, name));
    }

    [Fact]
    public void TryGetKey_QueryParameterInFragmentOnly_False()
    {
        Assert.Null(Key(AffinityKeyKind.QueryParameter, "sid", "GET /a#?sid=1 HTTP/1.1\r\n\r\n"));
    }

    [Fact]
    public void TryGetKey_HeadWithoutCrlf_False()
    {
        Assert.Null(Key(AffinityKeyKind.QueryParameter, "sid", "GET /?sid=1 HTTP/1.1"));
    }
}
