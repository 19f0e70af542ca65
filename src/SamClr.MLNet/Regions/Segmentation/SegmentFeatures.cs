namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// The per-segment descriptors of selective search's hierarchical grouping (J. R. R. Uijlings et al., "Selective
/// Search for Object Recognition", IJCV 104(2), 2013, section 3.2): a colour histogram of 25 bins per channel and a
/// texture histogram of 8 gradient orientations x 10 magnitude bins per channel, each L1-normalised, plus size and
/// bounding box.
/// </summary>
internal static class SegmentFeatures
{
    /// <summary>Colour bins per channel (the paper's 25).</summary>
    public const int ColourBins = 25;

    /// <summary>Gradient orientations (the paper's 8).</summary>
    public const int Orientations = 8;

    /// <summary>Magnitude bins per orientation (the paper's 10).</summary>
    public const int MagnitudeBins = 10;

    /// <summary>Gradient magnitude (0-255 scale, per pixel) covered by one magnitude bin; larger ones go to the last bin.</summary>
    private const float MagnitudeStep = 6f;

    /// <summary>Length of one segment's descriptor: the colour part, then the texture part.</summary>
    public const int Length = 3 * ColourBins + 3 * Orientations * MagnitudeBins;

    /// <summary>
    /// Returns descriptors (<see cref="Length"/> floats per segment, colour part and texture part each summing to 1)
    /// of the segments of <paramref name="map"/>, from the 3 float planes (0-255) of the image.
    /// </summary>
    public static float[] Histograms(SegmentMap map, float[] planes)
    {
        int width = map.Width, height = map.Height, plane = width * height;
        var labels = map.Labels;
        var histograms = new float[map.Count * Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                int offset = labels[p] * Length;
                for (int c = 0; c < 3; c++)
                {
                    var channel = planes.AsSpan(c * plane, plane);
                    float value = channel[p];
                    histograms[offset + c * ColourBins + Math.Clamp((int)(value * ColourBins / 256f), 0, ColourBins - 1)]++;
                    float gx = 0.5f * (channel[y * width + Math.Min(x + 1, width - 1)] - channel[y * width + Math.Max(x - 1, 0)]);
                    float gy = 0.5f * (channel[Math.Min(y + 1, height - 1) * width + x] - channel[Math.Max(y - 1, 0) * width + x]);
                    float magnitude = MathF.Sqrt(gx * gx + gy * gy);
                    int orientation = (int)((MathF.Atan2(gy, gx) + MathF.PI) * (Orientations / (2 * MathF.PI))) % Orientations;
                    int magnitudeBin = Math.Min((int)(magnitude / MagnitudeStep), MagnitudeBins - 1);
                    histograms[offset + 3 * ColourBins + (c * Orientations + orientation) * MagnitudeBins + magnitudeBin]++;
                }
            }
        }
        for (int s = 0; s < map.Count; s++)
        {
            float scale = 1f / (3f * map.Size(s));
            var descriptor = histograms.AsSpan(s * Length, Length);
            for (int i = 0; i < descriptor.Length; i++) descriptor[i] *= scale;
        }
        return histograms;
    }

    /// <summary>Histogram intersection of the colour parts of two descriptors, in [0, 1].</summary>
    public static float ColourSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Intersection(a[..(3 * ColourBins)], b[..(3 * ColourBins)]);

    /// <summary>Histogram intersection of the texture parts of two descriptors, in [0, 1].</summary>
    public static float TextureSimilarity(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        Intersection(a[(3 * ColourBins)..], b[(3 * ColourBins)..]);

    private static float Intersection(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++) sum += MathF.Min(a[i], b[i]);
        return sum;
    }
}
