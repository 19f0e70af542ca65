namespace SamClr.MLNet.Views;

/// <summary>
/// How one augmented view is made from an image: a random resized crop (inside a box), a horizontal flip,
/// colour jitter, random grayscale, Gaussian blur, solarization and normalisation. Every sample of a batch
/// draws its own random parameters. The defaults are Lightly's SimCLR view transform with the colour-jitter
/// strength of Lightly's benchmarks (0.5), at the 128-pixel view size of the SAMCLR paper.
/// </summary>
public sealed class ViewAugmentationOptions
{
    /// <summary>Side of the square output view in pixels. Default 128, the view size used by the SAMCLR paper (section 3).</summary>
    public int OutputSize { get; set; } = 128;

    /// <summary>Smallest crop area as a fraction of the area of the box it is sampled from. Default 0.08 (Lightly's SimCLR min_scale).</summary>
    public double MinScale { get; set; } = 0.08;

    /// <summary>Largest crop area as a fraction of the area of the box it is sampled from. Default 1.0 (torchvision's RandomResizedCrop).</summary>
    public double MaxScale { get; set; } = 1.0;

    /// <summary>Smallest crop aspect ratio (width / height); ratios are drawn log-uniformly. Default 3/4 (torchvision's RandomResizedCrop).</summary>
    public double MinRatio { get; set; } = 3.0 / 4.0;

    /// <summary>Largest crop aspect ratio (width / height). Default 4/3 (torchvision's RandomResizedCrop).</summary>
    public double MaxRatio { get; set; } = 4.0 / 3.0;

    /// <summary>Probability that a view is mirrored left to right. Default 0.5 (Lightly's hf_prob).</summary>
    public double HorizontalFlipProbability { get; set; } = 0.5;

    /// <summary>Probability that colour jitter is applied to a view. Default 0.8 (Lightly's cj_prob).</summary>
    public double ColorJitterProbability { get; set; } = 0.8;

    /// <summary>
    /// Multiplier applied to <see cref="Brightness"/>, <see cref="Contrast"/>, <see cref="Saturation"/> and
    /// <see cref="Hue"/>. Default 0.5 (Lightly's benchmark cj_strength; Lightly's transform default is 1.0).
    /// </summary>
    public double ColorJitterStrength { get; set; } = 0.5;

    /// <summary>
    /// Brightness jitter b: the factor is uniform in [max(0, 1 - s b), 1 + s b] with s = <see cref="ColorJitterStrength"/>.
    /// Default 0.8 (Lightly's cj_bright).
    /// </summary>
    public double Brightness { get; set; } = 0.8;

    /// <summary>Contrast jitter, same rule as <see cref="Brightness"/>. Default 0.8 (Lightly's cj_contrast).</summary>
    public double Contrast { get; set; } = 0.8;

    /// <summary>Saturation jitter, same rule as <see cref="Brightness"/>. Default 0.8 (Lightly's cj_sat).</summary>
    public double Saturation { get; set; } = 0.8;

    /// <summary>
    /// Hue jitter h: the hue shift, in turns, is uniform in [-s h, s h] with s = <see cref="ColorJitterStrength"/>;
    /// s h must not exceed 0.5. Default 0.2 (Lightly's cj_hue).
    /// </summary>
    public double Hue { get; set; } = 0.2;

    /// <summary>
    /// Whether each view applies its four jitter steps (brightness, contrast, saturation, hue) in an order drawn at random
    /// for that view, as torchvision's ColorJitter does on every call (and so per image in Lightly's transforms). Default
    /// true; false applies them in that fixed order, which is a little faster.
    /// </summary>
    public bool RandomJitterOrder { get; set; } = true;

    /// <summary>Probability that a view is turned to grayscale (kept as three equal channels). Default 0.2 (Lightly's random_gray_scale).</summary>
    public double GrayscaleProbability { get; set; } = 0.2;

    /// <summary>
    /// Probability that a view is blurred. Default 0.5 (Lightly's SimCLR gaussian_blur); <see cref="SimClr"/> turns it off
    /// for views smaller than <see cref="SmallViewLimit"/>.
    /// </summary>
    public double BlurProbability { get; set; } = 0.5;

    /// <summary>Smallest Gaussian blur standard deviation, in output pixels. Default 0.1 (Lightly's sigmas).</summary>
    public double BlurSigmaMin { get; set; } = 0.1;

    /// <summary>Largest Gaussian blur standard deviation, in output pixels. Default 2.0 (Lightly's sigmas).</summary>
    public double BlurSigmaMax { get; set; } = 2.0;

    /// <summary>
    /// Blur kernel size as a fraction of <see cref="OutputSize"/>; the size used is the odd number
    /// 2 floor(fraction x OutputSize / 2) + 1, at least 3 (13 for 128 px, 23 for 224 px, 3 for 32 px).
    /// Default 0.1, the 10% rule of the SimCLR paper.
    /// </summary>
    public double BlurKernelFraction { get; set; } = 0.1;

    /// <summary>Probability that a view is solarized. Default 0 (Lightly's SimCLR transform does not solarize; BYOL/DINO views do).</summary>
    public double SolarizeProbability { get; set; } = 0.0;

    /// <summary>Values at or above this threshold are inverted (v becomes 1 - v) by solarization. Default 0.5 (torchvision/Lightly RandomSolarization).</summary>
    public double SolarizeThreshold { get; set; } = 0.5;

    /// <summary>Whether views are normalised with <see cref="Mean"/> and <see cref="Std"/>. Default true (Lightly's normalize).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Per-channel (R, G, B) mean subtracted by normalisation. Default the ImageNet mean (0.485, 0.456, 0.406).</summary>
    public float[] Mean { get; set; } = { 0.485f, 0.456f, 0.406f };

    /// <summary>Per-channel (R, G, B) standard deviation divided by normalisation. Default the ImageNet std (0.229, 0.224, 0.225).</summary>
    public float[] Std { get; set; } = { 0.229f, 0.224f, 0.225f };

    /// <summary>
    /// Views smaller than this many pixels follow Lightly's CIFAR-10 benchmark recipe, which blurs no view (its SimCLR,
    /// MoCo, SwaV and DINO transforms at 32 px all set gaussian_blur to 0); views of this size and larger follow its
    /// ImageNet recipe (Imagenette at 128 px), which keeps each transform's blur. 64 px is where the blur kernel of
    /// <see cref="BlurKernelFraction"/> grows past 5 pixels.
    /// </summary>
    public const int SmallViewLimit = 64;

    /// <summary>
    /// Lightly's SimCLR views (benchmark colour strength 0.5) at <paramref name="outputSize"/> pixels, with the recipe of
    /// their size: no blur below <see cref="SmallViewLimit"/> px (Lightly's CIFAR-10 benchmark), blur with probability 0.5
    /// from there (its ImageNet benchmarks). Every other property keeps its default.
    /// </summary>
    /// <param name="outputSize">Side of the square views in pixels; the SAMCLR paper uses 128.</param>
    public static ViewAugmentationOptions SimClr(int outputSize = 128) => new() { OutputSize = outputSize, BlurProbability = BlurForSize(outputSize, 0.5) };

    /// <summary>The blur probability of a view of <paramref name="outputSize"/> px whose ImageNet recipe blurs with <paramref name="probability"/> (see <see cref="SmallViewLimit"/>).</summary>
    internal static double BlurForSize(int outputSize, double probability) => outputSize < SmallViewLimit ? 0 : probability;

    /// <summary>A copy that normalises with <paramref name="mean"/> and <paramref name="std"/> (per RGB channel), e.g. a data set's statistics.</summary>
    internal ViewAugmentationOptions NormalizedWith(float[] mean, float[] std)
    {
        var copy = (ViewAugmentationOptions)MemberwiseClone();
        copy.Normalize = true;
        copy.Mean = (float[])mean.Clone();
        copy.Std = (float[])std.Clone();
        return copy;
    }

    /// <summary>The odd Gaussian blur kernel size for <see cref="OutputSize"/> (see <see cref="BlurKernelFraction"/>).</summary>
    public int BlurKernelSize => Math.Max(3, 2 * (int)Math.Floor(BlurKernelFraction * OutputSize / 2) + 1);

    /// <summary>Throws an <see cref="ArgumentException"/> that names the first invalid property and a valid range.</summary>
    public void Validate()
    {
        if (OutputSize < 1)
            throw Invalid(nameof(OutputSize), OutputSize, "a positive number of pixels, e.g. 128");
        if (!(MinScale > 0 && MinScale <= MaxScale && MaxScale <= 1))
            throw new ArgumentException(
                $"{nameof(ViewAugmentationOptions)}: crop scales must satisfy 0 < {nameof(MinScale)} <= {nameof(MaxScale)} <= 1, got {MinScale} and {MaxScale}.");
        if (!(MinRatio > 0 && MinRatio <= MaxRatio && double.IsFinite(MaxRatio)))
            throw new ArgumentException(
                $"{nameof(ViewAugmentationOptions)}: aspect ratios must satisfy 0 < {nameof(MinRatio)} <= {nameof(MaxRatio)}, got {MinRatio} and {MaxRatio}.");
        CheckProbability(nameof(HorizontalFlipProbability), HorizontalFlipProbability);
        CheckProbability(nameof(ColorJitterProbability), ColorJitterProbability);
        CheckProbability(nameof(GrayscaleProbability), GrayscaleProbability);
        CheckProbability(nameof(BlurProbability), BlurProbability);
        CheckProbability(nameof(SolarizeProbability), SolarizeProbability);
        CheckNonNegative(nameof(ColorJitterStrength), ColorJitterStrength);
        CheckNonNegative(nameof(Brightness), Brightness);
        CheckNonNegative(nameof(Contrast), Contrast);
        CheckNonNegative(nameof(Saturation), Saturation);
        CheckNonNegative(nameof(Hue), Hue);
        if (ColorJitterStrength * Hue > 0.5)
            throw new ArgumentException(
                $"{nameof(ViewAugmentationOptions)}: {nameof(ColorJitterStrength)} x {nameof(Hue)} = {ColorJitterStrength * Hue} exceeds half a turn; lower {nameof(Hue)} to at most {0.5 / Math.Max(ColorJitterStrength, 1e-12)}.");
        if (!(BlurSigmaMin > 0 && BlurSigmaMin <= BlurSigmaMax && double.IsFinite(BlurSigmaMax)))
            throw new ArgumentException(
                $"{nameof(ViewAugmentationOptions)}: blur sigmas must satisfy 0 < {nameof(BlurSigmaMin)} <= {nameof(BlurSigmaMax)}, got {BlurSigmaMin} and {BlurSigmaMax}.");
        if (!(BlurKernelFraction >= 0 && BlurKernelFraction <= 1))
            throw Invalid(nameof(BlurKernelFraction), BlurKernelFraction, "a fraction in [0, 1], e.g. 0.1");
        if (!(SolarizeThreshold >= 0 && SolarizeThreshold <= 1))
            throw Invalid(nameof(SolarizeThreshold), SolarizeThreshold, "a value in [0, 1], e.g. 0.5");
        if (Normalize)
        {
            if (Mean is not { Length: 3 } || Std is not { Length: 3 })
                throw new ArgumentException(
                    $"{nameof(ViewAugmentationOptions)}: {nameof(Mean)} and {nameof(Std)} need one value per RGB channel (3 each); set them or turn {nameof(Normalize)} off.");
            foreach (var s in Std)
                if (!(s > 0))
                    throw Invalid(nameof(Std), s, "positive values, e.g. the ImageNet std (0.229, 0.224, 0.225)");
        }
    }

    private static void CheckProbability(string name, double value)
    {
        if (!(value >= 0 && value <= 1)) throw Invalid(name, value, "a probability in [0, 1]");
    }

    private static void CheckNonNegative(string name, double value)
    {
        if (!(value >= 0 && double.IsFinite(value))) throw Invalid(name, value, "a finite value >= 0");
    }

    private static ArgumentException Invalid(string name, object value, string expected) =>
        new($"{nameof(ViewAugmentationOptions)}.{name} is {value}; it must be {expected}.", name);
}
