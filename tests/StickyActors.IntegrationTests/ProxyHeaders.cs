using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StickyActors.IntegrationTests;

/// <summary>PROXY protocol headers as a load balancer sends them (HAProxy's specification).</summary>
internal static class ProxyHeaders
{
    public static byte[] V1(IPAddress client, int port)
    {
        var family = client.AddressFamily == AddressFamily.InterNetwork ? "TCP4" : "TCP6";
        var destination = client.AddressFamily == AddressFamily.InterNetwork ? "192.0.2.1" : "2001:db8::1";
        return Encoding.ASCII.GetBytes($"PROXY {family} {client} {destination} {port} 80\r\n");
    }

    public static byte[] V2(IPAddress client, int port)
    {
        var v4 = client.AddressFamily == AddressFamily.InterNetwork;
        var source = client.GetAddressBytes();
        var destination = (v4 ? IPAddress.Parse("192.0.2.1") : IPAddress.Parse("2001:db8::1")).GetAddressBytes();
        var addressLength = (source.Length * 2) + 4;
        var header = new List<byte> { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };
        header.Add(0x21);
        header.Add(v4 ? (byte)0x11 : (byte)0x21);
        header.Add((byte)(addressLength >> 8));
        header.Add((byte)addressLength);
        header.AddRange(source);
        header.AddRange(destination);
        header.Add((byte)(port >> 8));
        header.Add((byte)port);
        header.Add(0);
        header.Add(80);
        return header.ToArray();
    }
}
