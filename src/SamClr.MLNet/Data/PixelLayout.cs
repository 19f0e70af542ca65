using Microsoft.ML.Data;

namespace SamClr.MLNet.Data;

/// <summary>Conversions between the pixel layouts the library meets: planar RGB, interleaved RGB and ML.NET's images.</summary>
internal static class PixelLayout
{
    /// <summary>The valid extent of planar RGB bytes (rows of <paramref name="stride"/> pixels) as interleaved RGB.</summary>
    internal static byte[] Interleave(byte[] planar, int stride, ImageSize size, int? planeRows = null)
    {
        int plane = stride * (planeRows ?? stride);
        var rgb = new byte[3 * size.Width * size.Height];
        for (int y = 0; y < size.Height; y++)
            for (int x = 0; x < size.Width; x++)
            {
                int s = y * stride + x, d = 3 * (y * size.Width + x);
                rgb[d] = planar[s];
                rgb[d + 1] = planar[plane + s];
                rgb[d + 2] = planar[2 * plane + s];
            }
        return rgb;
    }

    /// <summary>The RGB planes of an ML.NET image (Bgra32 or Rgba32), alpha dropped.</summary>
    internal static byte[] ToPlanarRgb(MLImage image)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        var src = image.Pixels;
        int bytesPerPixel = image.BitsPerPixel / 8;
        bool bgr = image.PixelFormat == MLPixelFormat.Bgra32;
        var planar = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            int o = i * bytesPerPixel;
            planar[i] = src[o + (bgr ? 2 : 0)];
            planar[plane + i] = src[o + 1];
            planar[2 * plane + i] = src[o + (bgr ? 0 : 2)];
        }
        return planar;
    }
}
