using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class PlaneColorOpsTests
{
    /// <summary>A random sample [1, 3, H, W] in [0, 1] and its values as planar RGB.</summary>
    private static (Tensor Sample, float[] Rgb) RandomSample(int height, int width, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var sample = rand(new long[] { 1, 3, height, width }, generator: generator);
        return (sample, TensorAssert.Values(sample));
    }

    // 5 x 7 = 35 pixels is not a multiple of the vector width, so the scalar tail runs too; 16 x 16 is vectors only.
    [Theory]
    [InlineData(5, 7)]
    [InlineData(16, 16)]
    public void EachOperationMatchesColorOps(int height, int width)
    {
        int plane = height * width;
        var (sample, rgb) = RandomSample(height, width, 3);
        using (sample)
        {
            void Check(Tensor expected, Action<float[]> operation)
            {
                using (expected)
                {
                    var values = (float[])rgb.Clone();
                    operation(values);
                    TensorAssert.Near(values, expected, 1e-5f);
                }
            }
            Check(ColorOps.AdjustBrightness(sample, new[] { 1.4f }), v => PlaneColorOps.Brightness(v, 1.4f));
            Check(ColorOps.AdjustContrast(sample, new[] { 0.6f }), v => PlaneColorOps.Contrast(v, plane, 0.6f));
            Check(ColorOps.AdjustSaturation(sample, new[] { 1.5f }), v => PlaneColorOps.Saturation(v, plane, 1.5f));
            Check(ColorOps.ShiftHue(sample, new[] { 0.15f }), v => PlaneColorOps.Hue(v, plane, 0.15f));
            Check(ColorOps.ShiftHue(sample, new[] { -0.4f }), v => PlaneColorOps.Hue(v, plane, -0.4f));
            Check(ColorOps.ToGrayscale(sample), v => PlaneColorOps.Grayscale(v, plane));
            Check(ColorOps.Solarize(sample, 0.5f), v => PlaneColorOps.Solarize(v, 0.5f));
        }
    }

    [Fact]
    public void HueTurnsRedIntoGreenAndSaturationBlendsWithTheLuma()
    {
        // Nine pixels (a full vector and a tail): a third of a turn maps pure red (1, 0, 0) to pure green (0, 1, 0).
        var red = new float[27];
        Array.Fill(red, 1f, 0, 9);
        PlaneColorOps.Hue(red, 9, 1f / 3);
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(0f, red[i], 5);
            Assert.Equal(1f, red[9 + i], 5);
            Assert.Equal(0f, red[18 + i], 5);
        }
        // Luma of (0.2, 0.4, 0.6) is 0.363; factor 0.5 gives 0.5 p + 0.1815 = (0.2815, 0.3815, 0.4815).
        var pixel = new[] { 0.2f, 0.4f, 0.6f };
        PlaneColorOps.Saturation(pixel, 1, 0.5f);
        Assert.Equal(new[] { 0.2815f, 0.3815f, 0.4815f }, pixel.Select(v => MathF.Round(v, 5)));
    }

    [Fact]
    public void ClampAndNormalizeClampsThenStandardisesEachChannel()
    {
        // Channel values 1.2 -> 1, -0.1 -> 0, 0.5 stay; then (v - mean) / std with mean (0.5, 0.5, 0.25), std (0.5, 0.25, 0.25).
        var values = new[] { 1.2f, -0.1f, 0.5f };
        PlaneColorOps.ClampAndNormalize(values, 1, new[] { 0.5f, 0.5f, 0.25f }, new[] { 0.5f, 0.25f, 0.25f });
        Assert.Equal(new[] { 1f, -2f, 1f }, values);
    }
}
