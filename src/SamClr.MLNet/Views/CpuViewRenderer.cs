using SamClr.MLNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// <see cref="ViewAugmenter"/>'s views on the CPU, one sample per task: the sample's crop (<see cref="PlaneCrop"/>) is
/// written straight into its slot of the output and gets its colour steps there (<see cref="CpuColorSteps"/>) while it
/// is still in cache, so a view costs one read of its source region and a few passes over its own S x S pixels, with
/// samples in parallel on torch's intra-op thread count. The vector loops of <see cref="PlaneCrop"/>,
/// <see cref="PlaneColorOps"/> and <see cref="PlaneBlur"/> are compiled fully optimised on their first call
/// (AggressiveOptimization): with tiered compilation they ran unoptimised code for the first batches of a process, which
/// made 32-px views about three times slower in a benchmark run (docs/PERFORMANCE.md).
/// </summary>
internal static class CpuViewRenderer
{
    /// <summary>The views [B, 3, S, S] of float32 CPU <paramref name="images"/> [B, 3, H, W] with parameters <paramref name="p"/>. The caller owns the result.</summary>
    internal static Tensor Render(Tensor images, ViewParameters p, ViewAugmentationOptions options)
    {
        int size = options.OutputSize;
        return Render(images, p.Crops, p.Flip, size, (view, i) => CpuColorSteps.Sample(view, size, size, p, i, options));
    }

    /// <summary>
    /// The crops of <paramref name="images"/> into <paramref name="size"/> squares (<see cref="AffineCrop.Resample"/> on the
    /// CPU when <paramref name="finish"/> is null), each then passed to <paramref name="finish"/> with its sample index.
    /// </summary>
    internal static unsafe Tensor Render(Tensor images, ReadOnlySpan<CropBox> crops, ReadOnlySpan<bool> flips, int size, SampleStep? finish)
    {
        if (images.device.type != DeviceType.CPU || images.dtype != ScalarType.Float32 || images.dim() != 4)
            throw new ArgumentException($"{nameof(CpuViewRenderer)}: expected float32 CPU images [B, C, H, W], got {images.dtype} [{string.Join(", ", images.shape)}] on {images.device}.", nameof(images));
        int batch = (int)images.shape[0], channels = (int)images.shape[1], height = (int)images.shape[2], width = (int)images.shape[3];
        using var scope = NewDisposeScope();
        var source = images.contiguous();
        var output = empty(new long[] { batch, channels, size, size }, ScalarType.Float32);
        var boxes = crops.ToArray();
        var mirrored = flips.ToArray();
        int input = channels * height * width, view = channels * size * size;
        fixed (byte* sourceBytes = source.bytes, outputBytes = output.bytes)
        {
            float* from = (float*)sourceBytes, to = (float*)outputBytes;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, batch, parallel, i =>
            {
                var destination = new Span<float>(to + (long)i * view, view);
                PlaneCrop.Resample(new ReadOnlySpan<float>(from + (long)i * input, input), channels, height, width, boxes[i], mirrored[i], size, destination);
                finish?.Invoke(destination, i);
            });
        }
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>A step run on sample <paramref name="index"/>'s view right after its crop.</summary>
    internal delegate void SampleStep(Span<float> view, int index);
}
