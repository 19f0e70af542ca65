using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Data;

/// <summary>Conversions between the pixel layouts the library meets: planar RGB, interleaved RGB and ML.NET's images.</summary>
internal static class PixelLayout
{
    /// <summary>The valid extent of planar RGB bytes (rows of <paramref name="stride"/> pixels) as interleaved RGB.</summary>
    internal static byte[] Interleave(byte[] planar, int stride, ImageSize size, int? planeRows = null)
    {
        int plane = stride * (planeRows ?? stride), width = size.Width;
        var rgb = new byte[3 * width * size.Height];
        for (int y = 0; y < size.Height; y++)
            InterleaveRow(planar.AsSpan(y * stride, width), planar.AsSpan(plane + y * stride, width), planar.AsSpan(2 * plane + y * stride, width),
                rgb.AsSpan(3 * y * width, 3 * width));
        return rgb;
    }

    /// <summary>
    /// One row of planar <paramref name="red"/>, <paramref name="green"/> and <paramref name="blue"/> bytes as interleaved
    /// RGB into <paramref name="rgb"/> (three times as long): 16 pixels per round of byte shuffles where the CPU has
    /// SSSE3, the rest one pixel at a time.
    /// </summary>
    internal static void InterleaveRow(ReadOnlySpan<byte> red, ReadOnlySpan<byte> green, ReadOnlySpan<byte> blue, Span<byte> rgb)
    {
        int width = red.Length, x = 0;
        if (Ssse3.IsSupported)
        {
            for (; x <= width - 16; x += 16)
            {
                var r = Vector128.Create(red.Slice(x, 16));
                var g = Vector128.Create(green.Slice(x, 16));
                var b = Vector128.Create(blue.Slice(x, 16));
                var output = rgb.Slice(3 * x, 48);
                (Ssse3.Shuffle(r, RedInFirst) | Ssse3.Shuffle(g, GreenInFirst) | Ssse3.Shuffle(b, BlueInFirst)).CopyTo(output);
                (Ssse3.Shuffle(r, RedInSecond) | Ssse3.Shuffle(g, GreenInSecond) | Ssse3.Shuffle(b, BlueInSecond)).CopyTo(output.Slice(16));
                (Ssse3.Shuffle(r, RedInThird) | Ssse3.Shuffle(g, GreenInThird) | Ssse3.Shuffle(b, BlueInThird)).CopyTo(output.Slice(32));
            }
        }
        for (; x < width; x++)
        {
            rgb[3 * x] = red[x];
            rgb[3 * x + 1] = green[x];
            rgb[3 * x + 2] = blue[x];
        }
    }

    // Byte k of the interleaved 16-byte part n (0, 1, 2) of 16 pixels is channel (16 n + k) % 3 of pixel (16 n + k) / 3;
    // a channel's mask picks that pixel from the channel's 16 bytes where the channel matches, and 0x80 (a zero) elsewhere.
    private static readonly Vector128<byte> RedInFirst = ShuffleMask(0, 0), GreenInFirst = ShuffleMask(0, 1), BlueInFirst = ShuffleMask(0, 2);
    private static readonly Vector128<byte> RedInSecond = ShuffleMask(1, 0), GreenInSecond = ShuffleMask(1, 1), BlueInSecond = ShuffleMask(1, 2);
    private static readonly Vector128<byte> RedInThird = ShuffleMask(2, 0), GreenInThird = ShuffleMask(2, 1), BlueInThird = ShuffleMask(2, 2);

    private static Vector128<byte> ShuffleMask(int part, int channel)
    {
        Span<byte> mask = stackalloc byte[16];
        for (int k = 0; k < 16; k++)
        {
            int position = 16 * part + k;
            mask[k] = position % 3 == channel ? (byte)(position / 3) : (byte)0x80;
        }
        return Vector128.Create((ReadOnlySpan<byte>)mask);
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
