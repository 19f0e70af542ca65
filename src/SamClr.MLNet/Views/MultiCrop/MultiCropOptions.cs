namespace SamClr.MLNet.Views;

/// <summary>
/// Multi-crop views (Caron et al., SwAV 2020; used by DINO): a few large "global" views and several small "local"
/// views of every image, all sampled inside the image's box. The defaults are Lightly's <c>DINOTransform</c>
/// (global scale 0.4-1, local scale 0.05-0.4, 6 local views, colour jitter strength 0.5 with saturation 0.4,
/// blur probability 1.0 / 0.1 / 0.5 for the first global, second global and local views, solarization 0.2 on the
/// second global view only) at the SAMCLR paper's sizes: 2 global views of 128 px and 6 local views of 64 px.
/// </summary>
public sealed class MultiCropOptions
{
    /// <summary>Number of global views per image (default 2, DINO's and the paper's).</summary>
    public int GlobalViewCount { get; set; } = 2;

    /// <summary>Side of the global views in pixels (default 128, the paper's view size).</summary>
    public int GlobalSize { get; set; } = 128;

    /// <summary>Smallest global crop area as a fraction of the box (default 0.4, Lightly's DINOTransform global_crop_scale).</summary>
    public double GlobalMinScale { get; set; } = 0.4;

    /// <summary>Largest global crop area as a fraction of the box (default 1.0, Lightly's DINOTransform global_crop_scale).</summary>
    public double GlobalMaxScale { get; set; } = 1.0;

    /// <summary>Number of local views per image (default 6, Lightly's n_local_views and the paper's).</summary>
    public int LocalViewCount { get; set; } = 6;

    /// <summary>Side of the local views in pixels (default 64, the paper's; Lightly's default is 96 for 224 px global views).</summary>
    public int LocalSize { get; set; } = 64;

    /// <summary>Smallest local crop area as a fraction of the box (default 0.05, Lightly's DINOTransform local_crop_scale).</summary>
    public double LocalMinScale { get; set; } = 0.05;

    /// <summary>Largest local crop area as a fraction of the box (default 0.4, Lightly's DINOTransform local_crop_scale).</summary>
    public double LocalMaxScale { get; set; } = 0.4;

    /// <summary>Blur probability of the first global view (default 1.0, Lightly's DINOTransform gaussian_blur[0]).</summary>
    public double FirstGlobalBlurProbability { get; set; } = 1.0;

    /// <summary>Blur probability of the second global view (default 0.1, Lightly's DINOTransform gaussian_blur[1]).</summary>
    public double SecondGlobalBlurProbability { get; set; } = 0.1;

    /// <summary>Solarization probability of the second global view (default 0.2, Lightly's DINOTransform solarization_prob).</summary>
    public double SecondGlobalSolarizeProbability { get; set; } = 0.2;

    /// <summary>Blur probability of every local view (default 0.5, Lightly's DINOTransform gaussian_blur[2]).</summary>
    public double LocalBlurProbability { get; set; } = 0.5;

    /// <summary>
    /// Flip, colour jitter, grayscale, blur sigmas, solarization threshold and normalisation shared by every view; its
    /// size, crop scales, blur and solarization probabilities are replaced per view. Default: Lightly's DINOTransform
    /// (flip 0.5, jitter probability 0.8 with strength 0.5 on brightness 0.8, contrast 0.8, saturation 0.4, hue 0.2,
    /// grayscale 0.2, blur sigma 0.1-2, ImageNet normalisation).
    /// </summary>
    public ViewAugmentationOptions Augmentation { get; set; } = new() { Saturation = 0.4 };

    /// <summary>
    /// Lightly's DINO views at <paramref name="globalSize"/> and <paramref name="localSize"/> pixels (paper: 128 and 64);
    /// views smaller than <see cref="ViewAugmentationOptions.SmallViewLimit"/> are not blurred (Lightly's CIFAR-10 DINO
    /// benchmark sets every gaussian_blur probability to 0).
    /// </summary>
    /// <param name="globalSize">Side of the global views (default 128, the paper's).</param>
    /// <param name="localSize">Side of the local views (default 64, the paper's).</param>
    public static MultiCropOptions Dino(int globalSize = 128, int localSize = 64)
    {
        var defaults = new MultiCropOptions();
        return new MultiCropOptions
        {
            GlobalSize = globalSize,
            LocalSize = localSize,
            FirstGlobalBlurProbability = ViewAugmentationOptions.BlurForSize(globalSize, defaults.FirstGlobalBlurProbability),
            SecondGlobalBlurProbability = ViewAugmentationOptions.BlurForSize(globalSize, defaults.SecondGlobalBlurProbability),
            LocalBlurProbability = ViewAugmentationOptions.BlurForSize(localSize, defaults.LocalBlurProbability),
        };
    }

    /// <summary>
    /// The multi-crop variant of the SAMCLR authors' code (github.com/benji2264/s3same): 2 global views of
    /// <paramref name="globalSize"/> px with scale 0.5-1 and 6 local views of <paramref name="localSize"/> px with scale
    /// 0.2-0.5. Colour augmentations are SimCLR's (<see cref="ViewAugmentationOptions.SimClr"/>: blur 0.5 on every view of
    /// <see cref="ViewAugmentationOptions.SmallViewLimit"/> px and more, none on smaller ones, no solarization), since the
    /// variant is SimCLR with more views.
    /// </summary>
    /// <param name="globalSize">Side of the global views (default 128, the authors' code).</param>
    /// <param name="localSize">Side of the local views (default 64, the authors' code).</param>
    public static MultiCropOptions SamClrCodeVariant(int globalSize = 128, int localSize = 64)
    {
        var simClr = ViewAugmentationOptions.SimClr(globalSize);
        return new MultiCropOptions
        {
            GlobalSize = globalSize,
            GlobalMinScale = 0.5,
            GlobalMaxScale = 1.0,
            LocalSize = localSize,
            LocalMinScale = 0.2,
            LocalMaxScale = 0.5,
            FirstGlobalBlurProbability = simClr.BlurProbability,
            SecondGlobalBlurProbability = simClr.BlurProbability,
            SecondGlobalSolarizeProbability = simClr.SolarizeProbability,
            LocalBlurProbability = ViewAugmentationOptions.SimClr(localSize).BlurProbability,
            Augmentation = simClr,
        };
    }

    /// <summary>Total number of views per image, global plus local.</summary>
    public int ViewCount => GlobalViewCount + LocalViewCount;

    /// <summary>
    /// The complete augmentation of global view <paramref name="index"/>: even indices (the first global view) use
    /// <see cref="FirstGlobalBlurProbability"/> and no solarization, odd indices use <see cref="SecondGlobalBlurProbability"/>
    /// and <see cref="SecondGlobalSolarizeProbability"/>, as DINO's two global views do.
    /// </summary>
    /// <param name="index">0-based global view index, below <see cref="GlobalViewCount"/>.</param>
    public ViewAugmentationOptions GlobalView(int index)
    {
        if (index < 0 || index >= GlobalViewCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {GlobalViewCount} global views.");
        bool first = index % 2 == 0;
        return ViewFor(GlobalSize, GlobalMinScale, GlobalMaxScale,
            first ? FirstGlobalBlurProbability : SecondGlobalBlurProbability, first ? 0 : SecondGlobalSolarizeProbability);
    }

    /// <summary>The complete augmentation of every local view: <see cref="LocalSize"/>, local scales, <see cref="LocalBlurProbability"/>, no solarization.</summary>
    public ViewAugmentationOptions LocalView() => ViewFor(LocalSize, LocalMinScale, LocalMaxScale, LocalBlurProbability, 0);

    /// <summary>Every view of an image in training order: the <see cref="GlobalViewCount"/> global views, then the <see cref="LocalViewCount"/> local views.</summary>
    public IReadOnlyList<ViewAugmentationOptions> Plan() =>
        Enumerable.Range(0, GlobalViewCount).Select(GlobalView).Concat(Enumerable.Repeat(LocalView(), LocalViewCount)).ToArray();

    /// <summary>Throws an <see cref="ArgumentException"/> that names the first invalid setting and a valid range.</summary>
    public void Validate()
    {
        if (Augmentation is null)
            throw new ArgumentException($"{nameof(MultiCropOptions)}.{nameof(Augmentation)} is null; set it (e.g. new ViewAugmentationOptions()).", nameof(Augmentation));
        if (GlobalViewCount < 1)
            throw new ArgumentOutOfRangeException(nameof(GlobalViewCount), GlobalViewCount, $"{nameof(MultiCropOptions)}: need at least one global view (DINO uses 2).");
        if (LocalViewCount < 0)
            throw new ArgumentOutOfRangeException(nameof(LocalViewCount), LocalViewCount, $"{nameof(MultiCropOptions)}: the number of local views must be 0 or more (DINO uses 6).");
        for (int i = 0; i < Math.Min(GlobalViewCount, 2); i++) Check(GlobalView(i), $"global view {i}");
        if (LocalViewCount > 0) Check(LocalView(), "local views");
    }

    private static void Check(ViewAugmentationOptions view, string which)
    {
        try
        {
            view.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{nameof(MultiCropOptions)}, {which}: {e.Message}", e.ParamName, e);
        }
    }

    private ViewAugmentationOptions ViewFor(int size, double minScale, double maxScale, double blur, double solarize)
    {
        var a = Augmentation;
        return new ViewAugmentationOptions
        {
            OutputSize = size,
            MinScale = minScale,
            MaxScale = maxScale,
            MinRatio = a.MinRatio,
            MaxRatio = a.MaxRatio,
            HorizontalFlipProbability = a.HorizontalFlipProbability,
            ColorJitterProbability = a.ColorJitterProbability,
            ColorJitterStrength = a.ColorJitterStrength,
            Brightness = a.Brightness,
            Contrast = a.Contrast,
            Saturation = a.Saturation,
            Hue = a.Hue,
            GrayscaleProbability = a.GrayscaleProbability,
            RandomJitterOrder = a.RandomJitterOrder,
            BlurProbability = blur,
            BlurSigmaMin = a.BlurSigmaMin,
            BlurSigmaMax = a.BlurSigmaMax,
            BlurKernelFraction = a.BlurKernelFraction,
            SolarizeProbability = solarize,
            SolarizeThreshold = a.SolarizeThreshold,
            Normalize = a.Normalize,
            Mean = Copy(a.Mean),
            Std = Copy(a.Std),
        };
    }

    private static float[] Copy(float[] values) => values is null ? null! : (float[])values.Clone();
}
