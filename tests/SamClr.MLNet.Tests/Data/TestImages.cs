using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace SamClr.MLNet.Tests.Data;

/// <summary>Writes small test images: through SkiaSharp's encoders, or as hand-built PNG files for formats Skia cannot write.</summary>
internal static class TestImages
{
    /// <summary>Encodes a <paramref name="width"/> x <paramref name="height"/> RGBA image whose pixel (x, y) is <paramref name="color"/>(x, y).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, SKColor> color, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, color(x, y));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Encodes an 8-bit grayscale PNG through Skia (colour type Gray8).</summary>
    /// <summary>Writes image <paramref name="index"/> of <paramref name="set"/> (its whole canvas) as a PNG file, creating the folder.</summary>
    public static void WritePng(string path, SamClr.MLNet.Data.ImageSet set, int index)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var pixels = set.Image(index).ToArray();
        int plane = set.Width * set.Height;
        File.WriteAllBytes(path, Encode(set.Width, set.Height, (x, y) =>
            new SKColor(pixels[y * set.Width + x], pixels[plane + y * set.Width + x], pixels[2 * plane + y * set.Width + x])));
    }

    public static byte[] EncodeGray(int width, int height, Func<int, int, byte> value)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                pixels[y * width + x] = value(x, y);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A PNG built by hand: bit depth, colour type, optional palette and raw (unfiltered) scanlines.</summary>
    public static byte[] HandmadePng(int width, int height, byte bitDepth, byte colorType, byte[][] rows, byte[]? palette = null)
    {
        using var output = new MemoryStream();
        output.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        WriteBigEndian(header, 0, width);
        WriteBigEndian(header, 4, height);
        header[8] = bitDepth;
        header[9] = colorType;
        WriteChunk(output, "IHDR", header);
        if (palette != null) WriteChunk(output, "PLTE", palette);
        using var raw = new MemoryStream();
        foreach (var row in rows)
        {
            raw.WriteByte(0); // filter type "None"
            raw.Write(row);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw.ToArray());
        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", Array.Empty<byte>());
        return output.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment carrying only the orientation tag right after a JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[]
        {
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, first IFD at offset 8
            0, 1,                                    // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,            // tag 0x0112 Orientation, type SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,                              // no next IFD
        };
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        int length = payload.Length + 2;
        var segment = new byte[] { 0xFF, 0xE1, (byte)(length >> 8), (byte)length }.Concat(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var lengthBytes = new byte[4];
        WriteBigEndian(lengthBytes, 0, data.Length);
        output.Write(lengthBytes);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typed);
        var crcBytes = new byte[4];
        WriteBigEndian(crcBytes, 0, (int)Crc32(typed));
        output.Write(crcBytes);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }
}
