using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class ColorOpsTests
{
    /// <summary>One-pixel images [N, 3, 1, 1] from RGB triples.</summary>
    internal static Tensor Pixels(params float[][] rgb) =>
        tensor(rgb.SelectMany(p => p).ToArray(), new long[] { rgb.Length, 3, 1, 1 });

    [Fact]
    public void BrightnessScalesAndClampsPerSample()
    {
        using var x = Pixels(new[] { 0.2f, 0.5f, 0.9f }, new[] { 0.2f, 0.5f, 0.9f });
        using var y = ColorOps.AdjustBrightness(x, new[] { 1.5f, 0.5f });
        // 1.5 x (0.2, 0.5, 0.9) = (0.3, 0.75, 1.35 -> 1); 0.5 x = (0.1, 0.25, 0.45).
        TensorAssert.Near(new[] { 0.3f, 0.75f, 1f, 0.1f, 0.25f, 0.45f }, y);
    }

    [Fact]
    public void ContrastBlendsWithTheMeanLumaOfEachSample()
    {
        // Sample 0 is 1 x 2 pixels: A = (0.2, 0.4, 0.6), luma 0.299*0.2 + 0.587*0.4 + 0.114*0.6 = 0.363; B = black, luma 0.
        // Mean luma 0.1815. Factor 2: A -> 2A - 0.1815 = (0.2185, 0.6185, 1.0185 -> 1); B -> -0.1815 -> 0.
        // Sample 1 is the same image with factor 1: unchanged.
        using var one = tensor(new float[] { 0.2f, 0, 0.4f, 0, 0.6f, 0 }, new long[] { 1, 3, 1, 2 });
        using var x = one.repeat(2, 1, 1, 1);
        using var y = ColorOps.AdjustContrast(x, new[] { 2f, 1f });
        TensorAssert.Near(new[] { 0.2185f, 0, 0.6185f, 0, 1f, 0, 0.2f, 0, 0.4f, 0, 0.6f, 0 }, y);
        Assert.True(TensorAssert.Identical(y[1], x[1]), "factor 1 must leave the sample bit-for-bit unchanged");
    }

    [Fact]
    public void SaturationBlendsWithThePixelLuma()
    {
        // Luma of (0.2, 0.4, 0.6) is 0.363. Factor 0 -> gray (0.363 x 3); factor 0.5 -> 0.5 p + 0.1815 = (0.2815, 0.3815, 0.4815).
        using var x = Pixels(new[] { 0.2f, 0.4f, 0.6f }, new[] { 0.2f, 0.4f, 0.6f });
        using var y = ColorOps.AdjustSaturation(x, new[] { 0f, 0.5f });
        TensorAssert.Near(new[] { 0.363f, 0.363f, 0.363f, 0.2815f, 0.3815f, 0.4815f }, y);
    }

    [Fact]
    public void GrayscaleUsesBt601Luma()
    {
        using var x = Pixels(new[] { 0.2f, 0.4f, 0.6f }, new[] { 1f, 0f, 0f });
        using var y = ColorOps.ToGrayscale(x);
        // 0.363 as above; pure red -> 0.299.
        TensorAssert.Near(new[] { 0.363f, 0.363f, 0.363f, 0.299f, 0.299f, 0.299f }, y);
    }

    [Fact]
    public void HueShiftOfZeroOrAFullTurnIsIdentity()
    {
        var colours = new[] { new[] { 0.2f, 0.4f, 0.6f }, new[] { 0.9f, 0.1f, 0.3f }, new[] { 0.5f, 0.5f, 0.5f }, new[] { 0f, 0f, 0f }, new[] { 0.3f, 0.8f, 0.8f } };
        using var x = Pixels(colours);
        using var zero = ColorOps.ShiftHue(x, new float[colours.Length]);
        using var full = ColorOps.ShiftHue(x, Enumerable.Repeat(1f, colours.Length).ToArray());
        using var backwards = ColorOps.ShiftHue(x, Enumerable.Repeat(-1f, colours.Length).ToArray());
        var expected = colours.SelectMany(c => c).ToArray();
        TensorAssert.Near(expected, zero);
        TensorAssert.Near(expected, full);
        TensorAssert.Near(expected, backwards);
    }

    [Fact]
    public void HueRotatesRedToGreenAndBluePerSample()
    {
        // Red has hue 0; +1/3 turn -> green, -1/3 turn (= +2/3) -> blue; sample 0 is not shifted.
        using var x = Pixels(new[] { 1f, 0f, 0f }, new[] { 1f, 0f, 0f }, new[] { 1f, 0f, 0f });
        using var y = ColorOps.ShiftHue(x, new[] { 0f, 1f / 3, -1f / 3 });
        TensorAssert.Near(new[] { 1f, 0, 0, 0, 1f, 0, 0, 0, 1f }, y);
    }

    [Fact]
    public void HueShiftKeepsValueAndChroma()
    {
        // (0.2, 0.4, 0.6): V = 0.6, C = 0.4, hue = (4 + (0.2 - 0.4) / 0.4) / 6 = 3.5 / 6. Adding 1/6 turn gives 4.5 / 6:
        // R: k = (5 + 4.5) mod 6 = 3.5 -> 0.6 - 0.4 min(3.5, 0.5) = 0.4; G: k = 1.5 -> 0.6 - 0.4 x 1 = 0.2; B: k = 5.5 -> 0.6.
        using var x = Pixels(new[] { 0.2f, 0.4f, 0.6f });
        using var y = ColorOps.ShiftHue(x, new[] { 1f / 6 });
        TensorAssert.Near(new[] { 0.4f, 0.2f, 0.6f }, y);
    }

    [Fact]
    public void SolarizeInvertsValuesAtOrAboveTheThreshold()
    {
        using var x = Pixels(new[] { 0.2f, 0.5f, 0.9f });
        using var y = ColorOps.Solarize(x, 0.5f);
        TensorAssert.Near(new[] { 0.2f, 0.5f, 0.1f }, y);
    }
}
