namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// Separable Gaussian smoothing of planar RGB bytes into float planes, the pre-processing step of
/// Felzenszwalb and Huttenlocher (2004, section 5: "we always use a Gaussian with sigma = 0.8").
/// </summary>
internal static class GaussianSmoothing
{
    /// <summary>
    /// Returns 3 x height x width floats (values in [0, 255]): the image smoothed with a Gaussian of standard deviation
    /// <paramref name="sigma"/> pixels, truncated at radius ceil(4 sigma), edges extended by repeating the border pixel.
    /// A sigma of 0 copies the image unchanged.
    /// </summary>
    public static float[] Smooth(ReadOnlySpan<byte> planarRgb, int width, int height, double sigma)
    {
        int plane = width * height;
        var result = new float[3 * plane];
        for (int i = 0; i < result.Length; i++) result[i] = planarRgb[i];
        if (sigma <= 0) return result;
        float[] kernel = Kernel(sigma);
        var scratch = new float[plane];
        for (int c = 0; c < 3; c++)
        {
            var channel = result.AsSpan(c * plane, plane);
            Horizontal(channel, scratch, width, height, kernel);
            Vertical(scratch, channel, width, height, kernel);
        }
        return result;
    }

    /// <summary>Normalised half kernel: weights for offsets 0 .. ceil(4 sigma), summing to 1 over both sides.</summary>
    internal static float[] Kernel(double sigma)
    {
        int radius = (int)Math.Ceiling(4 * sigma);
        var kernel = new float[radius + 1];
        double total = 0;
        for (int d = 0; d <= radius; d++)
        {
            double weight = Math.Exp(-0.5 * d * d / (sigma * sigma));
            kernel[d] = (float)weight;
            total += d == 0 ? weight : 2 * weight;
        }
        for (int d = 0; d <= radius; d++) kernel[d] = (float)(kernel[d] / total);
        return kernel;
    }

    private static void Horizontal(ReadOnlySpan<float> source, Span<float> target, int width, int height, float[] kernel)
    {
        int radius = kernel.Length - 1;
        for (int y = 0; y < height; y++)
        {
            var row = source.Slice(y * width, width);
            var output = target.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                float sum = kernel[0] * row[x];
                for (int d = 1; d <= radius; d++)
                    sum += kernel[d] * (row[Math.Max(x - d, 0)] + row[Math.Min(x + d, width - 1)]);
                output[x] = sum;
            }
        }
    }

    private static void Vertical(ReadOnlySpan<float> source, Span<float> target, int width, int height, float[] kernel)
    {
        int radius = kernel.Length - 1;
        for (int y = 0; y < height; y++)
        {
            var output = target.Slice(y * width, width);
            var centre = source.Slice(y * width, width);
            for (int x = 0; x < width; x++) output[x] = kernel[0] * centre[x];
            for (int d = 1; d <= radius; d++)
            {
                var above = source.Slice(Math.Max(y - d, 0) * width, width);
                var below = source.Slice(Math.Min(y + d, height - 1) * width, width);
                float weight = kernel[d];
                for (int x = 0; x < width; x++) output[x] += weight * (above[x] + below[x]);
            }
        }
    }
}
