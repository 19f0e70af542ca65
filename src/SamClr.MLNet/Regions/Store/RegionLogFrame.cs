using System.Buffers.Binary;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The framing of one record in <c>regions.log</c>: a 12-byte header — magic "RSR1" (bytes 52 53 52 31), payload length
/// (int32, little-endian), CRC-32 of the payload (uint32, little-endian) — followed by the payload. A record whose header
/// is short, whose magic or length is wrong, or whose payload is short or fails its CRC is torn: it and everything after
/// it are ignored by readers and cut off when the store is next opened for writing, so a killed writer never leaves a
/// half-written entry behind.
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
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), Crc32.Compute(payload));
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
        return Crc32.Compute(payload) == crc ? payload : null;
    }
}
