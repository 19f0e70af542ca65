using System.Runtime.InteropServices;
using SkiaSharp;

namespace SamClr.MLNet.Data;

/// <summary>Writes synthetic scenes and their masks as PNG files with SkiaSharp.</summary>
public static class SyntheticScenePng
{
    /// <summary>Writes planar RGB bytes (3 x height x width) as an opaque 8-bit RGB PNG.</summary>
    public static void WriteRgb(string path, ReadOnlySpan<byte> planar, int width, int height)
    {
        int plane = width * height;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var row = new byte[width * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                row[4 * x] = planar[i];
                row[4 * x + 1] = planar[plane + i];
                row[4 * x + 2] = planar[2 * plane + i];
                row[4 * x + 3] = 255;
            }
            Marshal.Copy(row, 0, bitmap.GetPixels() + y * bitmap.RowBytes, row.Length);
        }
        Encode(bitmap, path);
    }

    /// <summary>Writes a mask as an 8-bit grey PNG: 255 on the mask, 0 elsewhere.</summary>
    public static void WriteMask(string path, SceneMask mask)
    {
        var info = new SKImageInfo(mask.Width, mask.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var row = new byte[mask.Width];
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++) row[x] = mask[x, y] ? (byte)255 : (byte)0;
            Marshal.Copy(row, 0, bitmap.GetPixels() + y * bitmap.RowBytes, row.Length);
        }
        Encode(bitmap, path);
    }

    private static void Encode(SKBitmap bitmap, string path)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new IOException($"SkiaSharp could not encode '{path}' as PNG; check that the SkiaSharp native library matches SkiaSharp 2.88.9.");
        try
        {
            using var file = File.Create(path);
            data.SaveTo(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write '{path}': {e.Message} Check that the folder is writable and has free space.", e);
        }
    }
}
