using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Per-sample colour operations on RGB batches [N, 3, H, W] with values in [0, 1]. Each takes one factor per
/// sample, and each result is clamped to [0, 1] (as torchvision's functional ops do). A neutral factor
/// (1 for brightness, contrast and saturation) leaves a sample bit-for-bit unchanged.
/// </summary>
internal static class ColorOps
{
    /// <summary>Luma weights (R, G, B) of ITU-R BT.601, the weights PIL and torchvision use for grayscale.</summary>
    internal static readonly float[] LumaWeights = { 0.299f, 0.587f, 0.114f };

    /// <summary>The offsets n of <see cref="ShiftHue(Tensor, Tensor, Tensor)"/> for R, G and B.</summary>
    internal static readonly float[] HueChannelOffsets = { 5, 3, 1 };

    /// <summary>Per-pixel luma [N, 1, H, W].</summary>
    internal static Tensor Luma(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Luma(x, Constant(LumaWeights, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Per-pixel luma [N, 1, H, W] with the weights already on x's device ([1, 3, 1, 1]).</summary>
    internal static Tensor Luma(Tensor x, Tensor weights) => x.mul(weights).sum(1, keepdim: true);

    /// <summary>Multiplies sample i by <paramref name="factors"/>[i].</summary>
    internal static Tensor AdjustBrightness(Tensor x, ReadOnlySpan<float> factors)
    {
        using var scope = NewDisposeScope();
        return AdjustBrightness(x, PerSample(factors, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Multiplies sample i by factors[i] ([N, 1, 1, 1] on x's device).</summary>
    internal static Tensor AdjustBrightness(Tensor x, Tensor factors) => x.mul(factors).clamp_(Scalars.Zero, Scalars.One);

    /// <summary>Blends sample i with the mean luma of that sample: f x + (1 - f) mean.</summary>
    internal static Tensor AdjustContrast(Tensor x, ReadOnlySpan<float> factors)
    {
        using var scope = NewDisposeScope();
        return AdjustContrast(x, PerSample(factors, x), Constant(LumaWeights, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Contrast with factors [N, 1, 1, 1] and luma weights [1, 3, 1, 1] on x's device.</summary>
    internal static Tensor AdjustContrast(Tensor x, Tensor factors, Tensor luma) =>
        Blend(x, Luma(x, luma).mean(new long[] { 1, 2, 3 }, keepdim: true), factors);

    /// <summary>Blends every pixel of sample i with its own luma: f x + (1 - f) luma.</summary>
    internal static Tensor AdjustSaturation(Tensor x, ReadOnlySpan<float> factors)
    {
        using var scope = NewDisposeScope();
        return AdjustSaturation(x, PerSample(factors, x), Constant(LumaWeights, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Saturation with factors [N, 1, 1, 1] and luma weights [1, 3, 1, 1] on x's device.</summary>
    internal static Tensor AdjustSaturation(Tensor x, Tensor factors, Tensor luma) => Blend(x, Luma(x, luma), factors);

    /// <summary>
    /// Rotates the HSV hue of sample i by <paramref name="turns"/>[i] full turns (1/3 turns red into green),
    /// keeping saturation and value.
    /// </summary>
    /// <remarks>
    /// RGB to HSV: V = max, chroma C = max - min, and the hue in sixths of a turn is (G - B) / C when R is the
    /// maximum, 2 + (B - R) / C when G is, 4 + (R - G) / C when B is. Back to RGB: channel n (5 for R, 3 for G,
    /// 1 for B) is V - C clamp(min(k, 4 - k), 0, 1) with k = (n + 6 hue) mod 6; since min(k, 4 - k) = 2 - |k - 2|,
    /// that equals min + C clamp(|k - 2| - 1, 0, 1), which is computed in place. Gray pixels (C = 0) keep their
    /// value whatever hue they get, so no special case is needed beyond avoiding 0 / 0.
    /// </remarks>
    internal static Tensor ShiftHue(Tensor x, ReadOnlySpan<float> turns)
    {
        using var scope = NewDisposeScope();
        return ShiftHue(x, PerSample(turns, x), Constant(HueChannelOffsets, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Hue rotation with turns [N, 1, 1, 1] and <see cref="HueChannelOffsets"/> [1, 3, 1, 1] on x's device.</summary>
    internal static Tensor ShiftHue(Tensor x, Tensor turns, Tensor channelOffsets)
    {
        using var scope = NewDisposeScope();
        var (max, argmax) = x.max(1, keepdim: true);
        var min = x.amin(new long[] { 1 }, keepdim: true);
        var chroma = max.sub(min);
        // (next channel - previous channel) in R, G, B cyclic order, taken at the maximum channel c, over C, plus 2c.
        var sixths = (x.roll(-1, 1) - x.roll(1, 1)).gather(1, argmax)
            .div_(chroma.clamp_min(Scalars.Of(1e-30f)))
            .add_(argmax.to_type(x.dtype).mul_(Scalars.Of(2.0)), Scalars.One)
            .add_(turns.mul(Scalars.Of(6.0)), Scalars.One);
        var result = channelOffsets.add(sixths, Scalars.One).remainder_(Scalars.Of(6.0)).sub_(Scalars.Of(2.0)).abs_().sub_(Scalars.One)
            .clamp_(Scalars.Zero, Scalars.One).mul_(chroma).add_(min, Scalars.One);
        return result.clamp_(Scalars.Zero, Scalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Replaces every pixel by its luma in all three channels.</summary>
    internal static Tensor ToGrayscale(Tensor x)
    {
        using var scope = NewDisposeScope();
        return ToGrayscale(x, Constant(LumaWeights, x)).MoveToOuterDisposeScope();
    }

    /// <summary>Grayscale with luma weights [1, 3, 1, 1] on x's device.</summary>
    internal static Tensor ToGrayscale(Tensor x, Tensor luma) => Luma(x, luma).expand(-1, 3, -1, -1).contiguous();

    /// <summary>Inverts (v becomes 1 - v) every value at or above <paramref name="threshold"/>.</summary>
    internal static Tensor Solarize(Tensor x, float threshold)
    {
        using var scope = NewDisposeScope();
        using var limit = threshold.ToScalar();
        return x.where(x.lt(limit), x.neg().add_(Scalars.One, Scalars.One)).MoveToOuterDisposeScope();
    }

    /// <summary>f x + (1 - f) other, clamped; f = 1 returns x exactly.</summary>
    private static Tensor Blend(Tensor x, Tensor other, Tensor f)
    {
        return x.mul(f).add_(other.mul(f.neg().add_(Scalars.One, Scalars.One)), Scalars.One).clamp_(Scalars.Zero, Scalars.One);
    }

    /// <summary>Three per-channel constants as a [1, 3, 1, 1] tensor on x's device.</summary>
    private static Tensor Constant(float[] values, Tensor x) => tensor(values, new long[] { 1, 3, 1, 1 }, x.dtype, x.device);

    /// <summary>The per-sample values as a [N, 1, 1, 1] tensor on x's device.</summary>
    private static Tensor PerSample(ReadOnlySpan<float> values, Tensor x)
    {
        if (values.Length != x.shape[0])
            throw new ArgumentException($"{nameof(ColorOps)}: {values.Length} factors for a batch of {x.shape[0]} samples.", nameof(values));
        return tensor(values.ToArray(), new long[] { values.Length, 1, 1, 1 }, x.dtype, x.device);
    }
}
