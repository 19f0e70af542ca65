using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Makes one augmented view of every image of a batch, each sample with its own random parameters, vectorised
/// over the batch on the images' device (CPU or CUDA). The pipeline, per sample:
/// <list type="number">
/// <item>a random resized crop inside the sample's box (<see cref="CropSampler"/>), resized to
/// <see cref="ViewAugmentationOptions.OutputSize"/> with bilinear sampling and mirrored with probability
/// <see cref="ViewAugmentationOptions.HorizontalFlipProbability"/>, all in one affine_grid / grid_sample call, or on
/// the CPU the same sampling per sample (<see cref="PlaneCrop"/>) (no antialiasing when a crop is shrunk);</item>
/// <item>with probability <see cref="ViewAugmentationOptions.ColorJitterProbability"/>, colour jitter: brightness,
/// contrast, saturation and hue in an order drawn per sample, as torchvision's ColorJitter draws one per call
/// (<see cref="ViewAugmentationOptions.RandomJitterOrder"/>; on the CPU each sample runs its own steps in place,
/// <see cref="CpuColorSteps"/>; elsewhere step k of the jitter runs as one batched operation per kind of step, on the
/// samples whose k-th step it is);</item>
/// <item>grayscale, Gaussian blur and solarization, each with its own probability;</item>
/// <item>a clamp to [0, 1] and, when <see cref="ViewAugmentationOptions.Normalize"/> is set, normalisation.</item>
/// </list>
/// A sample that does not get an operation is left unchanged by it. Unlike TorchSharp's torchvision.transforms,
/// no random parameter is shared across the batch.
/// </summary>
internal static class ViewAugmenter
{
    /// <summary>Makes one view per image.</summary>
    /// <param name="images">Float32 images [B, 3, H, W] with values in [0, 1], on any device (e.g. from ImageSet.ToTensor).</param>
    /// <param name="boxes">For each image, the box its crop is sampled in, in canvas pixels: the valid image extent
    /// for whole-image views (<see cref="CropBox.Whole"/>), a region's bounding box for region views.</param>
    /// <param name="options">The augmentation settings; <see cref="ViewAugmentationOptions.SimClr"/> gives Lightly's SimCLR views.</param>
    /// <param name="rng">The caller's seeded random source, the only source of randomness: the same seed gives the same views on CPU.</param>
    /// <returns>Views [B, 3, S, S] on the images' device, S = <see cref="ViewAugmentationOptions.OutputSize"/>. The caller owns the tensor.</returns>
    public static Tensor Apply(Tensor images, ReadOnlySpan<CropBox> boxes, ViewAugmentationOptions options, Random rng) =>
        Apply(images, boxes, options, rng, out _);

    /// <summary>Makes one view per image and reports the crop each view was taken from.</summary>
    /// <param name="images">Float32 images [B, 3, H, W] with values in [0, 1], on any device.</param>
    /// <param name="boxes">For each image, the box its crop is sampled in, in canvas pixels.</param>
    /// <param name="options">The augmentation settings.</param>
    /// <param name="rng">The caller's seeded random source.</param>
    /// <param name="crops">The crop of each view, in canvas pixels, inside its box.</param>
    /// <returns>Views [B, 3, S, S] on the images' device. The caller owns the tensor.</returns>
    public static Tensor Apply(Tensor images, ReadOnlySpan<CropBox> boxes, ViewAugmentationOptions options, Random rng,
        out CropBox[] crops)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        CheckImages(images, boxes);
        var parameters = ViewParameters.Draw(boxes, options, rng);
        crops = parameters.Crops;
        return Render(images, parameters, options);
    }

    /// <summary>Applies explicitly given per-sample parameters (the deterministic core of <see cref="Apply(Tensor, ReadOnlySpan{CropBox}, ViewAugmentationOptions, Random)"/>).</summary>
    internal static Tensor Render(Tensor images, ViewParameters p, ViewAugmentationOptions options)
    {
        int batch = p.Count, size = options.OutputSize;
        if (batch == 0) return empty(new long[] { 0, 3, size, size }, images.dtype, images.device);
        if (images.device.type == DeviceType.CPU) return CpuViewRenderer.Render(images, p, options);
        using var scope = NewDisposeScope();
        return ColorizeBatched(AffineCrop.Resample(images, p.Crops, p.Flip, options.OutputSize), p, options).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Finishes views whose crops were cut on the CPU (<see cref="ViewCutter"/>): the uint8 crops [B, 3, S, S] go to
    /// <paramref name="device"/> in one upload, become floats there, and get their colour steps: on the CPU by
    /// <see cref="CpuColorSteps"/>, elsewhere with every per-sample parameter in a second upload. The caller owns the result.
    /// </summary>
    internal static Tensor FromCrops(byte[] crops, ViewParameters p, ViewAugmentationOptions options, Device device)
    {
        int batch = p.Count, size = options.OutputSize;
        using var scope = NewDisposeScope();
        var x = DeviceUpload.Bytes(crops, new long[] { batch, 3, size, size }, device).to(ScalarType.Float32).div_(Scalars.Of(255.0));
        if (device.type == DeviceType.CPU)
        {
            CpuColorSteps.Apply(x, p, options);
            return x.MoveToOuterDisposeScope();
        }
        return ColorizeBatched(x, p, options).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The batched colour steps of CUDA (and any device but the CPU) on float crops <paramref name="x"/> in [0, 1], with
    /// every per-sample parameter in one upload; on CPU tensors too, where tests check them against <see cref="CpuColorSteps"/>.
    /// </summary>
    internal static Tensor ColorizeBatched(Tensor x, ViewParameters p, ViewAugmentationOptions options) =>
        Colorize(x, p, ColorParameters.Upload(p, options, x.device), options);

    /// <summary>
    /// The colour steps on float crops in [0, 1] as batched tensor operations (every device but the CPU, which runs
    /// <see cref="CpuColorSteps"/>): jitter (brightness, contrast, saturation, hue), grayscale, blur and
    /// solarize, each only on the samples that drew it (the others are kept bit for bit by neutral factors or a
    /// per-sample select), then a clamp and the normalisation. A step no sample drew is skipped.
    /// </summary>
    private static Tensor Colorize(Tensor x, ViewParameters p, ColorParameters c, ViewAugmentationOptions options)
    {
        using var scope = NewDisposeScope();
        if (p.Jitter.Any(j => j))
            x = c.Schedule is null ? JitterInFixedOrder(x, p, c) : JitterInDrawnOrder(x, c);
        if (p.Grayscale.Any(g => g)) x = ColorOps.ToGrayscale(x, c.Luma).where(c.Grayscale, x);
        if (p.Blur.Any(b => b)) x = GaussianBlur.Apply(x, c.BlurSigma, options.BlurKernelSize).where(c.Blurred, x);
        if (p.Solarize.Any(s => s))
        {
            var threshold = (float)options.SolarizeThreshold;
            x = ColorOps.Solarize(x, threshold).where(c.Solarized, x);
        }
        x = x.clamp(Scalars.Zero, Scalars.One);
        x = x.sub(c.Mean).div_(c.Std);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Brightness, contrast, saturation, then hue for every sample (neutral factors leave the others unchanged).</summary>
    private static Tensor JitterInFixedOrder(Tensor x, ViewParameters p, ColorParameters c)
    {
        x = ColorOps.AdjustBrightness(x, c.Brightness);
        x = ColorOps.AdjustContrast(x, c.Contrast, c.Luma);
        x = ColorOps.AdjustSaturation(x, c.Saturation, c.Luma);
        if (p.Hue.Any(h => h != 0f)) x = ColorOps.ShiftHue(x, c.Hue, c.HueOffsets).where(c.Jittered, x);
        return x;
    }

    /// <summary>
    /// Each jittered sample's four steps in its own order (<see cref="JitterSchedule"/>): every group of the schedule runs
    /// its kind of step once, on its samples (gathered with index_select, written back with index_copy_); samples without
    /// jitter are not touched.
    /// </summary>
    private static Tensor JitterInDrawnOrder(Tensor x, ColorParameters c)
    {
        var y = x.clone();
        foreach (var (_, kind, start, count) in c.Schedule!.Groups)
        {
            var samples = c.ScheduleIndices!.narrow(0, start, count);
            var subset = y.index_select(0, samples);
            var changed = kind switch
            {
                0 => ColorOps.AdjustBrightness(subset, c.Brightness.index_select(0, samples)),
                1 => ColorOps.AdjustContrast(subset, c.Contrast.index_select(0, samples), c.Luma),
                2 => ColorOps.AdjustSaturation(subset, c.Saturation.index_select(0, samples), c.Luma),
                _ => ColorOps.ShiftHue(subset, c.Hue.index_select(0, samples), c.HueOffsets),
            };
            y.index_copy_(0, samples, changed);
        }
        return y;
    }

    private static void CheckImages(Tensor images, ReadOnlySpan<CropBox> boxes)
    {
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException(
                $"{nameof(ViewAugmenter)}: images must be [B, 3, H, W] RGB, got [{string.Join(", ", images.shape)}]; ImageSet.ToTensor gives that layout.",
                nameof(images));
        if (images.dtype != ScalarType.Float32)
            throw new ArgumentException(
                $"{nameof(ViewAugmenter)}: images must be Float32 in [0, 1], got {images.dtype}; convert with .to(ScalarType.Float32) and divide bytes by 255.",
                nameof(images));
        if (images.shape[0] != boxes.Length)
            throw new ArgumentException(
                $"{nameof(ViewAugmenter)}: {boxes.Length} boxes for a batch of {images.shape[0]} images; give one box per image (CropBox.Whole for whole-image views).",
                nameof(boxes));
        var canvas = CropBox.Whole((int)images.shape[3], (int)images.shape[2]);
        for (int i = 0; i < boxes.Length; i++)
            if (!boxes[i].IsValid || !boxes[i].IsInside(canvas))
                throw new ArgumentException(
                    $"{nameof(ViewAugmenter)}: box {i} is {boxes[i]}, which is empty or outside the {canvas.X1}x{canvas.Y1} canvas; clip region boxes to the image and drop empty ones.",
                    nameof(boxes));
    }
}
