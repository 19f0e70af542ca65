using SamClr.MLNet.Data;
namespace SamClr.MLNet.Views;

/// <summary>
/// Samples random resized crops inside per-sample boxes (the whole image for SimCLR, a region's bounding box
/// for SAMCLR). Follows the logic of torchvision's RandomResizedCrop, on continuous coordinates: up to
/// <see cref="MaxTries"/> draws of an area fraction (uniform in [MinScale, MaxScale] of the box's area) and a
/// log-uniform aspect ratio, keeping the first crop that fits in the box at a uniform position; when none fits,
/// the largest centred crop of the box whose aspect ratio is clamped to [MinRatio, MaxRatio].
/// Every crop lies inside its box.
/// </summary>
internal static class CropSampler
{
    /// <summary>Number of random draws before the centred fallback crop. 10, as in torchvision.</summary>
    public const int MaxTries = 10;

    /// <summary>Samples one crop inside each box, using the scale and ratio ranges of <paramref name="options"/>.</summary>
    /// <param name="boxes">The box each crop must lie in, in canvas pixels; each needs a positive width and height.</param>
    /// <param name="options">Supplies <see cref="ViewAugmentationOptions.MinScale"/>, <see cref="ViewAugmentationOptions.MaxScale"/>,
    /// <see cref="ViewAugmentationOptions.MinRatio"/> and <see cref="ViewAugmentationOptions.MaxRatio"/>.</param>
    /// <param name="rng">The caller's seeded random source; the only source of randomness.</param>
    /// <returns>One crop per box, in the same order.</returns>
    public static CropBox[] Sample(ReadOnlySpan<CropBox> boxes, ViewAugmentationOptions options, Random rng)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        var crops = new CropBox[boxes.Length];
        for (int i = 0; i < boxes.Length; i++)
        {
            if (!boxes[i].IsValid)
                throw new ArgumentException(
                    $"{nameof(CropSampler)}: box {i} is {boxes[i]}, which has no area; give every sample a box with X1 > X0 and Y1 > Y0 (drop empty regions or fall back to the whole image).",
                    nameof(boxes));
            crops[i] = SampleOne(boxes[i], options, rng);
        }
        return crops;
    }

    private static CropBox SampleOne(CropBox box, ViewAugmentationOptions options, Random rng)
    {
        double boxWidth = box.Width, boxHeight = box.Height;
        double area = boxWidth * boxHeight;
        double logMinRatio = Math.Log(options.MinRatio), logMaxRatio = Math.Log(options.MaxRatio);
        for (int attempt = 0; attempt < MaxTries; attempt++)
        {
            double targetArea = area * rng.Uniform(options.MinScale, options.MaxScale);
            double ratio = Math.Exp(rng.Uniform(logMinRatio, logMaxRatio));
            double width = Math.Sqrt(targetArea * ratio);
            double height = Math.Sqrt(targetArea / ratio);
            if (width <= boxWidth && height <= boxHeight)
            {
                double x0 = box.X0 + rng.NextDouble() * (boxWidth - width);
                double y0 = box.Y0 + rng.NextDouble() * (boxHeight - height);
                return Clip(x0, y0, width, height, box);
            }
        }
        return Fallback(box, options);
    }

    /// <summary>The largest centred crop of the box whose aspect ratio lies in [MinRatio, MaxRatio].</summary>
    private static CropBox Fallback(CropBox box, ViewAugmentationOptions options)
    {
        double width = box.Width, height = box.Height;
        double ratio = width / height;
        if (ratio < options.MinRatio) height = width / options.MinRatio;
        else if (ratio > options.MaxRatio) width = height * options.MaxRatio;
        double x0 = box.X0 + (box.Width - width) / 2;
        double y0 = box.Y0 + (box.Height - height) / 2;
        return Clip(x0, y0, width, height, box);
    }

    /// <summary>Converts to single precision without letting rounding push an edge outside the box.</summary>
    private static CropBox Clip(double x0, double y0, double width, double height, CropBox box) => new(
        Math.Max((float)x0, box.X0), Math.Max((float)y0, box.Y0),
        Math.Min((float)(x0 + width), box.X1), Math.Min((float)(y0 + height), box.Y1));
}
