using System.Runtime.InteropServices;
using SkiaSharp;

namespace SamClr.MLNet.Scenes;

/// <summary>Writes synthetic scenes and their masks as PNG files with SkiaSharp.</summary>
public static class SyntheticScenePng
{
    /// <summary>
    /// zlib level 1: on a noisy 512 x 256 street frame 5x faster to encode than the default level 6 (21 against 113 ms)
    /// for a 13% larger file (237 against 209 KB); the pixels are the same.
    /// </summary>
    private const int ZLibLevel = 1;

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
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, ZLibLevel))
            ?? throw new IOException($"SkiaSharp could not encode '{path}' as PNG; check that the SkiaSharp native library matches the SkiaSharp package (3.119.4).");
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
