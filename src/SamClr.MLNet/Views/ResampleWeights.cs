namespace SamClr.MLNet.Views;

/// <summary>
/// The 1-D weights of an antialiased resize along one axis: output sample j of <c>size</c> covers the source interval
/// [c0 + j s, c0 + (j + 1) s) with s = (c1 - c0) / size, and takes a triangle (bilinear) filter centred there whose
/// radius is max(s, 1) source pixels, so shrinking averages every covered pixel (Pillow's and torchvision's
/// antialias = True) and enlarging interpolates linearly. Taps outside [0, length) are dropped and the rest
/// renormalised, so nothing beyond the image, such as canvas padding, is ever read.
/// </summary>
internal sealed class ResampleWeights
{
    private ResampleWeights(int[] first, int[] count, float[] weights, int taps)
    {
        First = first;
        Count = count;
        Weights = weights;
        Taps = taps;
    }

    /// <summary>First source index of each output sample.</summary>
    internal int[] First { get; }

    /// <summary>Number of source samples of each output sample.</summary>
    internal int[] Count { get; }

    /// <summary>Weights, <see cref="Taps"/> per output sample (only the first Count[j] are used), summing to 1.</summary>
    internal float[] Weights { get; }

    /// <summary>Stride of <see cref="Weights"/>.</summary>
    internal int Taps { get; }

    /// <summary>First source index any output sample reads.</summary>
    internal int Start => First[0];

    /// <summary>One past the last source index any output sample reads.</summary>
    internal int End => First[^1] + Count[^1];

    /// <summary>The weights for the interval [<paramref name="c0"/>, <paramref name="c1"/>) of a source of <paramref name="length"/> samples resized to <paramref name="size"/>.</summary>
    internal static ResampleWeights Compute(double c0, double c1, int length, int size)
    {
        if (!(c1 > c0) || length <= 0 || size <= 0)
            throw new ArgumentOutOfRangeException(nameof(c1), $"Cannot resample [{c0}, {c1}) of {length} samples to {size}.");
        double scale = (c1 - c0) / size;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale;
        int taps = (int)Math.Ceiling(support) * 2 + 1;
        var first = new int[size];
        var count = new int[size];
        var weights = new float[size * taps];
        Span<double> w = stackalloc double[taps];
        for (int j = 0; j < size; j++)
        {
            double centre = c0 + (j + 0.5) * scale;
            int min = Math.Max((int)Math.Floor(centre - support + 0.5), 0);
            int max = Math.Min((int)Math.Floor(centre + support + 0.5), length);
            if (max <= min)
            {
                // The interval lies at or beyond an edge: take the nearest source sample.
                min = Math.Clamp((int)Math.Floor(centre), 0, length - 1);
                max = min + 1;
            }
            int n = Math.Min(max - min, taps);
            double total = 0;
            for (int t = 0; t < n; t++)
            {
                double distance = (min + t + 0.5 - centre) / filterScale;
                w[t] = Math.Max(0, 1 - Math.Abs(distance));
                total += w[t];
            }
            if (total <= 0)
            {
                w[0] = 1;
                total = 1;
                n = 1;
            }
            first[j] = min;
            count[j] = n;
            for (int t = 0; t < n; t++) weights[j * taps + t] = (float)(w[t] / total);
        }
        return new ResampleWeights(first, count, weights, taps);
    }
}
