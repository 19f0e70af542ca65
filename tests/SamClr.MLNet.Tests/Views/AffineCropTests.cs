using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class AffineCropTests
{
    /// <summary>A [1, 3, 4, 8] image: channel 0 holds column / 10, channel 1 holds row / 10, channel 2 is zero.</summary>
    private static Tensor Ramp()
    {
        var values = new float[3 * 4 * 8];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 8; x++)
            {
                values[y * 8 + x] = x / 10f;
                values[32 + y * 8 + x] = y / 10f;
            }
        return tensor(values, new long[] { 1, 3, 4, 8 });
    }

    [Fact]
    public void ThetaMapsTheCropEdgesOntoTheOutputEdges()
    {
        // Crop (2, 0, 6, 4) of an 8 x 4 canvas: x scale (6 - 2) / 8 = 0.5, x shift (2 + 6) / 8 - 1 = 0,
        // y scale 4 / 4 = 1, y shift 4 / 4 - 1 = 0. Crop (0, 1, 2, 3): x scale 0.25, shift 2/8 - 1 = -0.75; y scale 0.5, shift 0.
        var theta = AffineCrop.Theta(new[] { new CropBox(2, 0, 6, 4), new CropBox(0, 1, 2, 3) }, new[] { false, true }, 8, 4);
        Assert.Equal(new[] { 0.5f, 0, 0, 0, 1, 0, -0.25f, 0, -0.75f, 0, 0.5f, 0 }, theta);
    }

    [Fact]
    public void CropSamplesTheExpectedPixelsWithAndWithoutFlip()
    {
        using var image = Ramp();
        using var images = image.repeat(2, 1, 1, 1);
        var crop = new CropBox(2, 0, 6, 4);
        using var views = AffineCrop.Resample(images, new[] { crop, crop }, new[] { false, true }, 4);
        // Output pixel j samples x = x0 + (j + 0.5)(x1 - x0) / S - 0.5 = 2 + j (pixel centres 2..5), i.e. 0.2 .. 0.5;
        // rows: y = 0 + (i + 0.5) 4 / 4 - 0.5 = i.
        Assert.Equal(new[] { 0.2f, 0.3f, 0.4f, 0.5f }, Row(views, 0, 0, 1), new Tolerance());
        Assert.Equal(new[] { 0.5f, 0.4f, 0.3f, 0.2f }, Row(views, 1, 0, 1), new Tolerance());
        Assert.Equal(new[] { 0f, 0.1f, 0.2f, 0.3f }, Column(views, 0, 1, 2), new Tolerance());
        Assert.Equal(new[] { 0f, 0.1f, 0.2f, 0.3f }, Column(views, 1, 1, 2), new Tolerance());
    }

    [Fact]
    public void ScaledCropInterpolatesBilinearly()
    {
        using var image = Ramp();
        using var view = AffineCrop.Resample(image, new[] { new CropBox(1, 1, 7, 3) }, new[] { false }, 4);
        // x = 1 + (j + 0.5) 6 / 4 - 0.5 = 1.25, 2.75, 4.25, 5.75 -> / 10.
        Assert.Equal(new[] { 0.125f, 0.275f, 0.425f, 0.575f }, Row(view, 0, 0, 2), new Tolerance());
        // y = 1 + (i + 0.5) 2 / 4 - 0.5 = 0.75, 1.25, 1.75, 2.25 -> / 10.
        Assert.Equal(new[] { 0.075f, 0.125f, 0.175f, 0.225f }, Column(view, 0, 1, 0), new Tolerance());
    }

    private static float[] Row(Tensor t, int sample, int channel, int row)
    {
        using var r = t[sample, channel, row];
        return r.data<float>().ToArray();
    }

    private static float[] Column(Tensor t, int sample, int channel, int column)
    {
        using var c = t[sample, channel, TensorIndex.Colon, column].contiguous();
        return c.data<float>().ToArray();
    }

    private sealed class Tolerance : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) < 1e-5f;
        public int GetHashCode(float value) => 0;
    }
}
