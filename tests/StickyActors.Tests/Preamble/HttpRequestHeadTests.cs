using System.Text;
using StickyActors.Preamble;

namespace StickyActors.Tests.Preamble;

public sealed class HttpRequestHeadTests
{
    private const int Max = 8192;

    private static PreambleStatus FindEnd(string text, out int headLength, out string? error, int max = Max) =>
        HttpRequestHead.TryFindEnd(Encoding.Latin1.GetBytes(text), max, out headLength, out error);

    [Theory]
    [InlineData("GET /index.html HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\n\r\n")]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: example.com\r\n\r\n")]
    [InlineData("POST http://example.com/a?b=c HTTP/1.1\r\nContent-Length: 4\r\n\r\n")]
    [InlineData("CONNECT example.com:443 HTTP/1.1\r\n\r\n")]
    public void TryFindEnd_CompleteHeadThenBody_LengthEndsAfterTheEmptyLine(string head)
    {
        var status = FindEnd(head + "body\r\n\r\nmore", out var length, out var error);

        Assert.Equal(PreambleStatus.Parsed, status);
        Assert.Null(error);
        Assert.Equal(head.Length, length);
    }

    [Fact]
    public void TryFindEnd_EveryStrictPrefixOfAHead_NeedMoreData()
    {
        var head = Encoding.ASCII.GetBytes("GET /a?sid=1 HTTP/1.1\r\nHost: example.com\r\nCookie: sid=2\r\n\r\n");
        for (var length = 0; length < head.Length; length++)
        {
            Assert.Equal(PreambleStatus.NeedMoreData, HttpRequestHead.TryFindEnd(head.AsSpan(0, length), Max, out _, out _));
        }
    }

    [Theory]
    [InlineData(" GET / HTTP/1.1\r\n")]
    [InlineData("GET  / HTTP/1.1\r\n")]
    [InlineData("G(T / HTTP/1.1\r\n")]
    [InlineData("GET\t/ HTTP/1.1\r\n")]
    [InlineData("GET / HTTP/2.0\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET / HTTP/1.x\r\n")]
    [InlineData("GET / HTTP/1.1\n")]
    [InlineData("GET / HTTP/1.1 \r\n")]
    [InlineData("GET / http/1.1\r\n")]
    [InlineData("GET /\u00e9 HTTP/1.1\r\n")]
    [InlineData("GET /a b")]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001")]
    [InlineData("\r\n\r\n\u0000\r\nQUIT\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n")]
    public void TryFindEnd_NotAnHttp1RequestLine_InvalidFromTheFirstBadByte(string text)
    {
        var status = FindEnd(text, out var length, out var error);

        Assert.Equal(PreambleStatus.Invalid, status);
        Assert.StartsWith("HTTP:", error, StringComparison.Ordinal);
        Assert.Equal(0, length);
    }

    [Fact]
    public void TryFindEnd_HeadLongerThanMaximum_Invalid()
    {
        const string head = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

        Assert.Equal(PreambleStatus.Parsed, FindEnd(head, out _, out _, max: head.Length));
        Assert.Equal(PreambleStatus.Invalid, FindEnd(head, out _, out var error, max: head.Length - 1));
        Assert.Contains("maximum", error, StringComparison.Ordinal);
        Assert.Equal(PreambleStatus.Invalid, FindEnd(head[..20], out _, out _, max: 20));
        Assert.Equal(PreambleStatus.NeedMoreData, FindEnd(head[..20], out _, out _, max: 21));
    }
}
