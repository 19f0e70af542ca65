namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// SAM's image preprocessing and prompt-coordinate transform (<c>ResizeLongestSide</c> and
/// <c>Sam.preprocess</c> in the official code): resize so the longest side is 1024, normalise per channel,
/// zero-pad right and bottom to 1024 x 1024.
/// </summary>
internal static class SamPreprocessing
{
    /// <summary>The encoder's input side, 1024 for every official SAM and HQ-SAM model.</summary>
    public const int InputSize = 1024;

    /// <summary>SAM's pixel mean per RGB channel on the 0-255 scale (123.675, 116.28, 103.53), from the official code.</summary>
    public static ReadOnlySpan<float> PixelMean => [123.675f, 116.28f, 103.53f];

    /// <summary>SAM's pixel standard deviation per RGB channel on the 0-255 scale (58.395, 57.12, 57.375), from the official code.</summary>
    public static ReadOnlySpan<float> PixelStd => [58.395f, 57.12f, 57.375f];

    /// <summary>
    /// The resized size, as SAM's <c>get_preprocess_shape</c>: scale = 1024 / max(width, height), each side
    /// multiplied by it and rounded half up.
    /// </summary>
    public static (int Width, int Height) ResizedSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double scale = (double)InputSize / Math.Max(width, height);
        return ((int)(width * scale + 0.5), (int)(height * scale + 0.5));
    }

    /// <summary>
    /// Maps a point from image pixels to the 1024-longest-side frame the decoder's <c>point_coords</c> use, as SAM's
    /// <c>apply_coords</c>: x times resizedWidth / width, y times resizedHeight / height.
    /// </summary>
    public static (float X, float Y) ToModelFrame((float X, float Y) point, int width, int height)
    {
        var (rw, rh) = ResizedSize(width, height);
        return ((float)(point.X * ((double)rw / width)), (float)(point.Y * ((double)rh / height)));
    }

    /// <summary>
    /// The encoder input [3, 1024, 1024] (channel-major, to be fed as [1, 3, 1024, 1024]) from a planar RGB image:
    /// bilinear resize to <see cref="ResizedSize"/> (half-pixel centres, no antialiasing, as ONNX Resize in linear
    /// mode and PyTorch's interpolate with align_corners = false; the official Python code resizes with PIL),
    /// then (value - <see cref="PixelMean"/>) / <see cref="PixelStd"/>, then zeros right and bottom.
    /// </summary>
    /// <param name="planarRgb">Three planes (R, G, B) of height x width bytes.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <exception cref="ArgumentException">When the buffer does not hold 3 x width x height bytes.</exception>
    public static float[] Preprocess(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        RequirePlanar(planarRgb, width, height);
        var (rw, rh) = ResizedSize(width, height);
        var (xLow, xHigh, xFrac) = Taps(width, rw);
        var (yLow, yHigh, yFrac) = Taps(height, rh);
        var output = new float[3 * InputSize * InputSize];
        var mean = PixelMean;
        var std = PixelStd;
        for (int c = 0; c < 3; c++)
        {
            var plane = planarRgb.Slice(c * width * height, width * height);
            int outPlane = c * InputSize * InputSize;
            for (int y = 0; y < rh; y++)
            {
                var top = plane.Slice(yLow[y] * width, width);
                var bottom = plane.Slice(yHigh[y] * width, width);
                float fy = yFrac[y];
                int outRow = outPlane + y * InputSize;
                for (int x = 0; x < rw; x++)
                {
                    float fx = xFrac[x];
                    float upper = top[xLow[x]] + (top[xHigh[x]] - top[xLow[x]]) * fx;
                    float lower = bottom[xLow[x]] + (bottom[xHigh[x]] - bottom[xLow[x]]) * fx;
                    float value = upper + (lower - upper) * fy;
                    output[outRow + x] = (value - mean[c]) / std[c];
                }
            }
        }
        return output;
    }

    /// <summary>The image as an HWC float array with values 0-255 (the input of encoders that preprocess in the graph).</summary>
    /// <exception cref="ArgumentException">When the buffer does not hold 3 x width x height bytes.</exception>
    public static float[] ToHwc(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        RequirePlanar(planarRgb, width, height);
        int pixels = width * height;
        var output = new float[3 * pixels];
        for (int c = 0; c < 3; c++)
        {
            var plane = planarRgb.Slice(c * pixels, pixels);
            for (int i = 0; i < pixels; i++) output[i * 3 + c] = plane[i];
        }
        return output;
    }

    internal static void RequirePlanar(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (planarRgb.Length != 3 * width * height)
            throw new ArgumentException(
                $"Expected planar RGB of 3 x {height} x {width} = {3 * width * height} bytes, got {planarRgb.Length}.", nameof(planarRgb));
    }

    /// <summary>For each output index: the two source indices and the weight of the second (half-pixel mapping).</summary>
    private static (int[] Low, int[] High, float[] Frac) Taps(int inSize, int outSize)
    {
        var low = new int[outSize];
        var high = new int[outSize];
        var frac = new float[outSize];
        double scale = (double)inSize / outSize;
        for (int o = 0; o < outSize; o++)
        {
            double source = Math.Max(0, (o + 0.5) * scale - 0.5);
            int i0 = Math.Min((int)source, inSize - 1);
            low[o] = i0;
            high[o] = Math.Min(i0 + 1, inSize - 1);
            frac[o] = (float)(source - i0);
        }
        return (low, high, frac);
    }
}
