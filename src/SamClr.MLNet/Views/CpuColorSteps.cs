using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// The colour steps of <see cref="ViewAugmenter"/> on the CPU, one sample at a time in place: the sample's jitter steps in
/// its own order, then grayscale, blur and solarize where the sample drew them, the clamp and the normalisation. Each
/// sample is a few passes over its own 3 x S x S floats (which stay in cache) instead of dozens of batched tensor
/// operations with gathers and per-sample selects, and samples run in parallel on torch's intra-op thread count.
/// The arithmetic is that of <see cref="ColorOps"/> and <see cref="GaussianBlur"/> (<see cref="PlaneColorOps"/>,
/// <see cref="PlaneBlur"/>), so CPU and CUDA views agree to float rounding.
/// </summary>
internal static class CpuColorSteps
{
    private static readonly float[] NoShift = { 0f, 0f, 0f };
    private static readonly float[] NoScale = { 1f, 1f, 1f };

    /// <summary>Applies the colour steps of <paramref name="p"/> to <paramref name="x"/> (contiguous float32 [N, 3, S, S] on the CPU) in place.</summary>
    internal static unsafe void Apply(Tensor x, ViewParameters p, ViewAugmentationOptions options)
    {
        if (x.device.type != DeviceType.CPU || x.dtype != ScalarType.Float32 || !x.is_contiguous() || x.dim() != 4 || x.shape[1] != 3 || x.shape[0] != p.Count)
            throw new ArgumentException($"{nameof(CpuColorSteps)}: expected a contiguous float32 CPU tensor [{p.Count}, 3, S, S], got {x.dtype} [{string.Join(", ", x.shape)}] on {x.device}.", nameof(x));
        int height = (int)x.shape[2], width = (int)x.shape[3], sample = 3 * height * width;
        // A CPU tensor's bytes span its own storage, so the pointer stays valid while x is alive.
        fixed (byte* bytes = x.bytes)
        {
            float* data = (float*)bytes;
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, p.Count, parallel, i =>
                Sample(new Span<float>(data + (long)i * sample, sample), height, width, p, i, options));
        }
    }

    /// <summary>The colour steps of sample <paramref name="i"/> on its planar RGB values <paramref name="rgb"/> in place.</summary>
    internal static void Sample(Span<float> rgb, int height, int width, ViewParameters p, int i, ViewAugmentationOptions options)
    {
        var mean = options.Normalize ? options.Mean : NoShift;
        var std = options.Normalize ? options.Std : NoScale;
        int plane = height * width;
        if (p.Jitter[i])
            for (int step = 0; step < ViewParameters.JitterSteps; step++)
            {
                switch (p.JitterOrder[i * ViewParameters.JitterSteps + step])
                {
                    case 0: PlaneColorOps.Brightness(rgb, p.Brightness[i]); break;
                    case 1: PlaneColorOps.Contrast(rgb, plane, p.Contrast[i]); break;
                    case 2: PlaneColorOps.Saturation(rgb, plane, p.Saturation[i]); break;
                    default: PlaneColorOps.Hue(rgb, plane, p.Hue[i]); break;
                }
            }
        if (p.Grayscale[i]) PlaneColorOps.Grayscale(rgb, plane);
        if (p.Blur[i]) PlaneBlur.Apply(rgb, 3, height, width, p.BlurSigma[i], options.BlurKernelSize);
        if (p.Solarize[i]) PlaneColorOps.Solarize(rgb, (float)options.SolarizeThreshold);
        PlaneColorOps.ClampAndNormalize(rgb, plane, mean, std);
    }
}
