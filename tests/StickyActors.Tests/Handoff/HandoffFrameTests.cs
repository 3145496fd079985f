using System.Net;
using StickyActors.Handoff;

namespace StickyActors.Tests.Handoff;

public sealed class HandoffFrameTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTripsAddressesAndPreambles()
    {
        AcceptedConnection[] batch =
        [
            new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("203.0.113.9:4242")), "GET / HTTP/1.1\r\n"u8.ToArray(), 0),
            new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("[2001:db8::7]:80")), ReadOnlyMemory<byte>.Empty, 0),
            new(OwnedDescriptor.None, ClientAddress.None, new byte[] { 1, 2, 3 }, 0),
        ];
        var buffer = new byte[HandoffFrame.MaxFrame];

        var length = HandoffFrame.Encode(batch, buffer);
        var frame = buffer.AsSpan(0, length);

        Assert.True(HandoffFrame.TryDecode(frame, out var count));
        Assert.Equal(3, count);
        var offset = HandoffFrame.HeaderSize;
        foreach (var expected in batch)
        {
            Assert.True(HandoffFrame.TryReadEntry(frame, ref offset, out var client, out var preamble));
            Assert.Equal(expected.Client, client);
            Assert.Equal(expected.Preamble.ToArray(), frame[preamble].ToArray());
        }
    }

    [Fact]
    public void TryDecode_TruncatedFrame_IsRejected()
    {
        AcceptedConnection[] batch = [new(OwnedDescriptor.None, ClientAddress.FromEndPoint(IPEndPoint.Parse("10.0.0.1:1")), new byte[] { 9, 9, 9, 9 }, 0)];
        var buffer = new byte[256];
        var length = HandoffFrame.Encode(batch, buffer);

        for (var cut = 0; cut < length; cut++)
        {
            Assert.False(HandoffFrame.TryDecode(buffer.AsSpan(0, cut), out _), $"accepted a frame cut at {cut} of {length}");
        }
    }

    [Fact]
    public void TryDecode_WrongVersion_IsRejected()
    {
        Assert.False(HandoffFrame.TryDecode([99, 0], out _));
    }
}
