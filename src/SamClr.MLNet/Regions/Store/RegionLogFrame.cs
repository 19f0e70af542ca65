using System.Buffers.Binary;
using System.IO.Hashing;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The framing of one record in <c>regions.log</c>: a 12-byte header — magic "RSR1" (bytes 52 53 52 31), payload length
/// (int32, little-endian), CRC-32 of the payload (zlib's polynomial, System.IO.Hashing's Crc32; uint32, little-endian) — followed by the payload. A record whose header
/// is short, whose magic or length is wrong, or whose payload is short or fails its CRC is torn: it and everything after
/// it are ignored by readers and cut off when the store is next opened for writing, so a killed writer never leaves a
/// half-written entry behind. A bad record followed by intact ones is not a torn tail but damage
/// (<see cref="FindNextIntact"/> tells them apart).
/// </summary>
internal static class RegionLogFrame
{
    public const int HeaderSize = 12;

    /// <summary>Payloads larger than this (256 MiB) are treated as corrupt lengths.</summary>
    public const int MaxPayload = 256 << 20;

    private static ReadOnlySpan<byte> Magic => "RSR1"u8;

    /// <summary>The payload with its header in front, ready to be appended in one write.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderSize + payload.Length];
        Magic.CopyTo(frame);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads the record at the stream's position, which must lie within the first <paramref name="end"/> bytes of the
    /// stream. Returns null, with the position undefined, when the record there is torn or missing.
    /// </summary>
    public static byte[]? TryRead(Stream stream, long end)
    {
        long available = end - stream.Position;
        if (available < HeaderSize) return null;
        Span<byte> header = stackalloc byte[HeaderSize];
        stream.ReadExactly(header);
        if (!header[..4].SequenceEqual(Magic)) return null;
        int length = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (length < 0 || length > MaxPayload || length > available - HeaderSize) return null;
        var payload = new byte[length];
        stream.ReadExactly(payload);
        return Crc32.HashToUInt32(payload) == crc ? payload : null;
    }

    /// <summary>
    /// The offset of the first intact record that starts after <paramref name="from"/> and ends within the first
    /// <paramref name="end"/> bytes, found by trying every occurrence of the magic; -1 when there is none (a torn tail).
    /// </summary>
    public static long FindNextIntact(Stream stream, long from, long end)
    {
        var buffer = new byte[1 << 16];
        long position = from;
        while (end - position >= HeaderSize)
        {
            stream.Position = position;
            int count = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, end - position));
            if (count < Magic.Length) break;
            for (int i = 0; i + Magic.Length <= count; i++)
            {
                if (!buffer.AsSpan(i, Magic.Length).SequenceEqual(Magic)) continue;
                stream.Position = position + i;
                if (TryRead(stream, end) is not null) return position + i;
            }
            position += count - (Magic.Length - 1);
        }
        return -1;
    }
}
