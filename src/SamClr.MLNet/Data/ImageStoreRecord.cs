using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace SamClr.MLNet.Data;

/// <summary>
/// One entry of an image store's index: where the image's pixels start in the pixel file, its stored and original
/// sizes, its label and its source. A skipped (unreadable) source has a stored size of 0 x 0.
/// </summary>
internal readonly record struct ImageStoreRecord(long Offset, ImageSize Size, ImageSize OriginalSize, int Label, string Source)
{
    internal bool IsSkipped => Size.Width == 0;

    internal long ByteCount => 3L * Size.Width * Size.Height;

    /// <summary>Largest accepted source string, in bytes (a path).</summary>
    private const int MaxSourceBytes = 64 * 1024;

    private const int FixedBytes = 8 + 5 * 4 + 4;

    /// <summary>The framed record: payload length (int32), payload, CRC-32 of the payload.</summary>
    internal byte[] Encode()
    {
        var source = Encoding.UTF8.GetBytes(Source);
        var frame = new byte[4 + FixedBytes + source.Length + 4];
        var payload = frame.AsSpan(4, FixedBytes + source.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(payload, Offset);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], Size.Width);
        BinaryPrimitives.WriteInt32LittleEndian(payload[12..], Size.Height);
        BinaryPrimitives.WriteInt32LittleEndian(payload[16..], OriginalSize.Width);
        BinaryPrimitives.WriteInt32LittleEndian(payload[20..], OriginalSize.Height);
        BinaryPrimitives.WriteInt32LittleEndian(payload[24..], Label);
        BinaryPrimitives.WriteInt32LittleEndian(payload[28..], source.Length);
        source.CopyTo(payload[FixedBytes..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4 + payload.Length), Crc32.HashToUInt32(payload));
        return frame;
    }

    /// <summary>
    /// Reads the records of an index file in order. Stops at the first frame that is cut short or fails its checksum
    /// and reports where the intact part ends (a torn tail after a crash).
    /// </summary>
    internal static (List<ImageStoreRecord> Records, long IntactLength) ReadAll(byte[] index)
    {
        var records = new List<ImageStoreRecord>();
        long position = 0;
        while (position + 4 <= index.Length)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(index.AsSpan((int)position));
            if (length < FixedBytes || length > FixedBytes + MaxSourceBytes || position + 4 + length + 4 > index.Length) break;
            var payload = index.AsSpan((int)position + 4, length);
            if (Crc32.HashToUInt32(payload) != BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan((int)position + 4 + length))) break;
            int sourceLength = BinaryPrimitives.ReadInt32LittleEndian(payload[28..]);
            if (sourceLength != length - FixedBytes) break;
            records.Add(new ImageStoreRecord(
                BinaryPrimitives.ReadInt64LittleEndian(payload),
                new ImageSize(BinaryPrimitives.ReadInt32LittleEndian(payload[8..]), BinaryPrimitives.ReadInt32LittleEndian(payload[12..])),
                new ImageSize(BinaryPrimitives.ReadInt32LittleEndian(payload[16..]), BinaryPrimitives.ReadInt32LittleEndian(payload[20..])),
                BinaryPrimitives.ReadInt32LittleEndian(payload[24..]),
                Encoding.UTF8.GetString(payload[FixedBytes..])));
            position += 4 + length + 4;
        }
        return (records, position);
    }
}
