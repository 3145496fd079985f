using System.Text;
using BenchmarkDotNet.Attributes;
using StickyActors.Preamble;

namespace StickyActors.Benchmarks.Micro;

/// <summary>
/// The master's per-connection preamble work when PROXY protocol or an HTTP key is on: parse a v1
/// and a v2 PROXY header, find the end of a request head and its cookie key.
/// Target: 0 bytes per connection (and well under a microsecond).
/// </summary>
/// <remarks>Public and unsealed because BenchmarkDotNet derives from it; nothing else uses it.</remarks>
[MemoryDiagnoser]
public class PreambleBenchmarks
{
    private static readonly byte[] s_v1 = "PROXY TCP4 203.0.113.5 192.0.2.1 41000 80\r\nGET / HTTP/1.1\r\n"u8.ToArray();

    private static readonly byte[] s_v2 =
    [
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
        0x21, 0x11, 0x00, 0x0C, 203, 0, 113, 77, 192, 0, 2, 1, 0x1F, 0x90, 0x00, 0x50,
    ];

    private static readonly byte[] s_head = Encoding.ASCII.GetBytes(
        "GET /chat/negotiate?negotiateVersion=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: bench\r\n" +
        "Accept: */*\r\nCookie: theme=dark; sid=0123456789abcdef\r\n\r\n");

    private static readonly byte[] s_sid = "sid"u8.ToArray();

    [Benchmark]
    public int ProxyV1() => ProxyProtocolParser.TryParse(s_v1, ProxyProtocolParser.MaxV2Length, out var header, out _) == PreambleStatus.Parsed ? header.Length : -1;

    [Benchmark]
    public int ProxyV2() => ProxyProtocolParser.TryParse(s_v2, ProxyProtocolParser.MaxV2Length, out var header, out _) == PreambleStatus.Parsed ? header.Length : -1;

    [Benchmark]
    public int HttpHeadAndCookie()
    {
        if (HttpRequestHead.TryFindEnd(s_head, 8192, out var length, out _) != PreambleStatus.Parsed)
        {
            return -1;
        }

        return HttpRequestHead.TryGetKey(s_head.AsSpan(0, length), AffinityKeyKind.Cookie, s_sid, out var value) ? value.End.Value : -1;
    }
}
