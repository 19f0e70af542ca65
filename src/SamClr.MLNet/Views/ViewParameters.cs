using SamClr.MLNet.Data;
namespace SamClr.MLNet.Views;

/// <summary>
/// The random parameters of one batch of views, one entry per sample. Drawn by <see cref="Draw"/> from the
/// caller's seeded random source; tests build them by hand to force a given operation.
/// </summary>
internal sealed class ViewParameters
{
    internal ViewParameters(int count)
    {
        Crops = new CropBox[count];
        Flip = new bool[count];
        Jitter = new bool[count];
        Brightness = Filled(count, 1f);
        Contrast = Filled(count, 1f);
        Saturation = Filled(count, 1f);
        Hue = new float[count];
        Grayscale = new bool[count];
        Blur = new bool[count];
        BlurSigma = new float[count];
        Solarize = new bool[count];
        JitterOrder = new byte[count * JitterSteps];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < JitterSteps; k++) JitterOrder[i * JitterSteps + k] = (byte)k;
    }

    /// <summary>The colour-jitter steps, numbered as in <see cref="JitterOrder"/>: 0 brightness, 1 contrast, 2 saturation, 3 hue.</summary>
    internal const int JitterSteps = 4;

    internal int Count => Crops.Length;

    /// <summary>The crop of each sample, in canvas pixels.</summary>
    internal CropBox[] Crops { get; }

    /// <summary>Whether each sample is mirrored left to right.</summary>
    internal bool[] Flip { get; }

    /// <summary>Whether each sample gets colour jitter (its four steps in the sample's <see cref="JitterOrder"/>).</summary>
    internal bool[] Jitter { get; }

    /// <summary>Brightness factor per sample (1 when not jittered).</summary>
    internal float[] Brightness { get; }

    /// <summary>Contrast factor per sample (1 when not jittered).</summary>
    internal float[] Contrast { get; }

    /// <summary>Saturation factor per sample (1 when not jittered).</summary>
    internal float[] Saturation { get; }

    /// <summary>Hue shift in turns per sample (0 when not jittered).</summary>
    internal float[] Hue { get; }

    /// <summary>Whether each sample is turned to grayscale.</summary>
    internal bool[] Grayscale { get; }

    /// <summary>Whether each sample is blurred.</summary>
    internal bool[] Blur { get; }

    /// <summary>Blur standard deviation per sample, in output pixels (used where <see cref="Blur"/> is true).</summary>
    internal float[] BlurSigma { get; }

    /// <summary>Whether each sample is solarized.</summary>
    internal bool[] Solarize { get; }

    /// <summary>
    /// The order of each sample's jitter steps: entries [4 i, 4 i + 4) are a permutation of 0 (brightness),
    /// 1 (contrast), 2 (saturation), 3 (hue). The identity unless drawn (<see cref="ViewAugmentationOptions.RandomJitterOrder"/>).
    /// </summary>
    internal byte[] JitterOrder { get; }

    /// <summary>Whether every sample applies its jitter steps in the order brightness, contrast, saturation, hue.</summary>
    internal bool JitterInFixedOrder
    {
        get
        {
            for (int i = 0; i < JitterOrder.Length; i++)
                if (JitterOrder[i] != i % JitterSteps) return false;
            return true;
        }
    }

    /// <summary>
    /// Draws the crops (see <see cref="CropSampler"/>), then for each sample in turn: flip, jitter and its four
    /// factors and (with <see cref="ViewAugmentationOptions.RandomJitterOrder"/>) the order of its four steps, grayscale,
    /// blur and its sigma, solarize.
    /// </summary>
    internal static ViewParameters Draw(ReadOnlySpan<CropBox> boxes, ViewAugmentationOptions options, Random rng)
    {
        var p = new ViewParameters(boxes.Length);
        CropSampler.Sample(boxes, options, rng).CopyTo(p.Crops, 0);
        double s = options.ColorJitterStrength;
        for (int i = 0; i < p.Count; i++)
        {
            p.Flip[i] = rng.NextDouble() < options.HorizontalFlipProbability;
            p.Jitter[i] = rng.NextDouble() < options.ColorJitterProbability;
            if (p.Jitter[i])
            {
                p.Brightness[i] = Factor(rng, s * options.Brightness);
                p.Contrast[i] = Factor(rng, s * options.Contrast);
                p.Saturation[i] = Factor(rng, s * options.Saturation);
                p.Hue[i] = (float)rng.Uniform(-s * options.Hue, s * options.Hue);
                if (options.RandomJitterOrder) Shuffle(rng, p.JitterOrder.AsSpan(i * JitterSteps, JitterSteps));
            }
            p.Grayscale[i] = rng.NextDouble() < options.GrayscaleProbability;
            p.Blur[i] = rng.NextDouble() < options.BlurProbability;
            if (p.Blur[i]) p.BlurSigma[i] = (float)rng.Uniform(options.BlurSigmaMin, options.BlurSigmaMax);
            p.Solarize[i] = rng.NextDouble() < options.SolarizeProbability;
        }
        return p;
    }

    /// <summary>A jitter factor uniform in [max(0, 1 - amount), 1 + amount], torchvision's ColorJitter range.</summary>
    private static float Factor(Random rng, double amount) => (float)rng.Uniform(Math.Max(0, 1 - amount), 1 + amount);

    /// <summary>A uniformly random permutation of <paramref name="order"/> in place (Fisher-Yates).</summary>
    private static void Shuffle(Random rng, Span<byte> order)
    {
        for (int k = order.Length - 1; k > 0; k--)
        {
            int j = rng.Next(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }
    }

    private static float[] Filled(int count, float value)
    {
        var values = new float[count];
        Array.Fill(values, value);
        return values;
    }
}
