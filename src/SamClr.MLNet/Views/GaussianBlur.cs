using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Separable Gaussian blur with one standard deviation per sample: per-sample 1-D kernels applied as two
/// grouped convolutions (one group per sample and channel), with reflect padding.
/// </summary>
internal static class GaussianBlur
{
    /// <summary>
    /// The normalised kernels [N, K] for the given sigmas (in pixels): weights proportional to exp(-d^2 / (2 sigma^2))
    /// at offsets d = -r..r, r = (K - 1) / 2, summing to 1.
    /// </summary>
    internal static Tensor Kernels(ReadOnlySpan<float> sigmas, int kernelSize, Device device)
    {
        using var scope = NewDisposeScope();
        return Kernels(tensor(sigmas.ToArray(), new long[] { sigmas.Length, 1 }, ScalarType.Float32, device), kernelSize).MoveToOuterDisposeScope();
    }

    /// <summary>The kernels for sigmas [N, 1] already on the device.</summary>
    internal static Tensor Kernels(Tensor sigma, int kernelSize)
    {
        if (kernelSize < 1 || kernelSize % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(kernelSize), $"{nameof(GaussianBlur)}: kernel size must be odd and positive, got {kernelSize}.");
        using var scope = NewDisposeScope();
        int radius = kernelSize / 2;
        var offsets = arange(-radius, radius + 1, 1, ScalarType.Float32, sigma.device).unsqueeze(0);
        var weights = offsets.square().div(sigma.square().mul_(Scalars.Of(-2.0))).exp_();
        return weights.div_(weights.sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Blurs sample i of <paramref name="x"/> [N, C, H, W] with standard deviation <paramref name="sigmas"/>[i].
    /// The kernel is shrunk where the image is too small for reflect padding (radius at most side - 1).
    /// </summary>
    internal static Tensor Apply(Tensor x, ReadOnlySpan<float> sigmas, int kernelSize)
    {
        if (sigmas.Length != x.shape[0])
            throw new ArgumentException($"{nameof(GaussianBlur)}: {sigmas.Length} sigmas for a batch of {x.shape[0]} samples.", nameof(sigmas));
        using var scope = NewDisposeScope();
        return Apply(x, tensor(sigmas.ToArray(), new long[] { sigmas.Length, 1 }, ScalarType.Float32, x.device), kernelSize).MoveToOuterDisposeScope();
    }

    /// <summary>Blurs sample i of x with sigma[i] (sigmas [N, 1] on x's device).</summary>
    internal static Tensor Apply(Tensor x, Tensor sigma, int kernelSize)
    {
        long n = x.shape[0], channels = x.shape[1], height = x.shape[2], width = x.shape[3];
        int radius = (int)Math.Min(kernelSize / 2, Math.Min(height, width) - 1);
        using var scope = NewDisposeScope();
        if (radius <= 0) return x.clone().MoveToOuterDisposeScope();
        int size = 2 * radius + 1;
        var kernels = Kernels(sigma, size).to(x.dtype).repeat_interleave(channels, 0);
        long groups = n * channels;
        var planes = x.reshape(1, groups, height, width);
        var padded = nn.functional.pad(planes, new long[] { radius, radius, 0, 0 }, PaddingModes.Reflect);
        planes = nn.functional.conv2d(padded, kernels.view(groups, 1, 1, size), groups: groups);
        padded = nn.functional.pad(planes, new long[] { 0, 0, radius, radius }, PaddingModes.Reflect);
        planes = nn.functional.conv2d(padded, kernels.view(groups, 1, size, 1), groups: groups);
        return planes.view(n, channels, height, width).MoveToOuterDisposeScope();
    }
}
