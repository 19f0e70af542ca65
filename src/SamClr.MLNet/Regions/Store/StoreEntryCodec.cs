using System.Text;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The payload of one <c>regions.log</c> record, little-endian: key (7-bit-length-prefixed UTF-8), width and height
/// (int32), region count (int32), then per region: predicted IoU and stability score (float32, NaN when absent), a
/// flags byte (1 = prompt point follows as two float32, 2 = crop box follows as four float32 X0 Y0 X1 Y1) and the mask
/// as pycocotools' compressed counts string (7-bit-length-prefixed ASCII).
/// </summary>
internal static class StoreEntryCodec
{
    private const byte HasPoint = 1, HasCropBox = 2;

    /// <summary>The fewest bytes a region takes: two float32, the flags byte and a one-byte string length.</summary>
    private const int MinRegionBytes = 4 + 4 + 1 + 1;

    public static byte[] Encode(string key, int width, int height, IReadOnlyList<Region> regions)
    {
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(key);
            writer.Write(width);
            writer.Write(height);
            writer.Write(regions.Count);
            foreach (var region in regions)
            {
                writer.Write(region.PredictedIou);
                writer.Write(region.StabilityScore);
                byte flags = (byte)((region.Point.HasValue ? HasPoint : 0) | (region.CropBox.HasValue ? HasCropBox : 0));
                writer.Write(flags);
                if (region.Point is { } point)
                {
                    writer.Write(point.X);
                    writer.Write(point.Y);
                }
                if (region.CropBox is { } crop)
                {
                    writer.Write(crop.X0);
                    writer.Write(crop.Y0);
                    writer.Write(crop.X1);
                    writer.Write(crop.Y1);
                }
                writer.Write(region.Mask.ToCompressedString());
            }
        }
        return memory.ToArray();
    }

    public static string DecodeKey(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        return reader.ReadString();
    }

    public static StoreEntry Decode(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
        string key = reader.ReadString();
        int width = reader.ReadInt32(), height = reader.ReadInt32(), count = reader.ReadInt32();
        if (width <= 0 || height <= 0 || count < 0)
            throw new InvalidDataException($"entry '{key}' declares a {width}x{height} image with {count} regions");
        long left = payload.Length - reader.BaseStream.Position;
        if (count > left / MinRegionBytes)
            throw new InvalidDataException(
                $"entry '{key}' declares {count} regions but only {left} bytes follow, room for at most {left / MinRegionBytes}");
        var regions = new Region[count];
        for (int i = 0; i < count; i++)
        {
            float iou = reader.ReadSingle(), stability = reader.ReadSingle();
            byte flags = reader.ReadByte();
            (float X, float Y)? point = (flags & HasPoint) != 0 ? (reader.ReadSingle(), reader.ReadSingle()) : null;
            CropBox? crop = (flags & HasCropBox) != 0
                ? new CropBox(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle())
                : null;
            var mask = CocoRle.FromCompressedString(reader.ReadString(), height, width);
            regions[i] = new Region(mask, iou, stability, point, crop);
        }
        return new StoreEntry(key, width, height, regions);
    }
}
