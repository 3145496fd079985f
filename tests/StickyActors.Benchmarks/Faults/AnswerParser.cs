using System.Buffers.Text;

namespace StickyActors.Benchmarks.Faults;

/// <summary>
/// Reads who answered from a complete Hello response: the worker id from the body
/// (<c>worker: N</c>, found inside a chunk too) and the <c>X-Worker-Pid</c> header. Allocates nothing.
/// </summary>
internal static class AnswerParser
{
    public static void Parse(ReadOnlySpan<byte> response, out int workerId, out int workerPid)
    {
        workerId = -1;
        workerPid = 0;
        var headerEnd = response.IndexOf("\r\n\r\n"u8);
        if (headerEnd < 0)
        {
            return;
        }

        var headers = response[..(headerEnd + 2)];
        var at = headers.IndexOf("\r\nX-Worker-Pid: "u8);
        if (at >= 0 && Utf8Parser.TryParse(headers[(at + 16)..], out int pid, out _))
        {
            workerPid = pid;
        }

        var body = response[(headerEnd + 4)..];
        at = body.IndexOf("worker: "u8);
        if (at >= 0 && Utf8Parser.TryParse(body[(at + 8)..], out int id, out _) && id >= 0)
        {
            workerId = id;
        }
    }
}
