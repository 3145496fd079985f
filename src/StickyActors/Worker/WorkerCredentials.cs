using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using StickyActors.Interop;

namespace StickyActors.Worker;

/// <summary>
/// What a worker needs to prove itself to its master: the per-launch secret and the control plane's
/// certificate with its key. It travels as the first packet on the worker's inherited socket pair
/// (never in the environment, where /proc/&lt;pid&gt;/environ shows it, nor in a file), and the
/// worker reads it before it does anything else.
/// </summary>
internal sealed record WorkerCredentials(string Secret, byte[] Pkcs12)
{
    private const uint Magic = 0x534B4331; // "SKC1"
    private const int MaxFrame = 64 * 1024;

    /// <summary>Queues the credentials on the master's end of the pair (the worker reads them at start).</summary>
    public unsafe void SendTo(int fd)
    {
        var secret = Encoding.UTF8.GetBytes(Secret);
        var frame = new byte[12 + secret.Length + Pkcs12.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), secret.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), Pkcs12.Length);
        secret.CopyTo(frame, 12);
        Pkcs12.CopyTo(frame, 12 + secret.Length);
        fixed (byte* data = frame)
        {
            var sent = Libc.Send(fd, data, (nuint)frame.Length, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT);
            if (sent != frame.Length)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), "could not queue the worker's credentials on its channel");
            }
        }
    }

    /// <summary>Reads the first packet of the worker's channel (blocking until the master sent it).</summary>
    public static unsafe WorkerCredentials ReceiveFrom(int fd)
    {
        var frame = new byte[MaxFrame];
        nint received;
        fixed (byte* data = frame)
        {
            do
            {
                received = Libc.Recv(fd, data, (nuint)frame.Length, 0);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        }

        if (received < 12 || BinaryPrimitives.ReadUInt32LittleEndian(frame) != Magic)
        {
            throw new InvalidOperationException("This worker's channel did not start with its master's credentials.");
        }

        var secretLength = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(4));
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(8));
        if (secretLength < 0 || keyLength < 0 || 12L + secretLength + keyLength != received)
        {
            throw new InvalidOperationException("This worker's credentials packet is malformed.");
        }

        var credentials = new WorkerCredentials(Encoding.UTF8.GetString(frame, 12, secretLength), frame.AsSpan(12 + secretLength, keyLength).ToArray());
        CryptographicClear(frame);
        return credentials;
    }

    private static void CryptographicClear(byte[] buffer) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
}
