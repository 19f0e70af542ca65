using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class CropSamplerTests
{
    private static readonly ViewAugmentationOptions Defaults = ViewAugmentationOptions.SimClr(32);

    [Theory]
    [InlineData(0f, 0f, 100f, 100f)]      // ordinary square box
    [InlineData(10.2f, 5.1f, 10.9f, 5.6f)] // sub-pixel box
    [InlineData(3f, 7f, 1003f, 10f)]       // very wide
    [InlineData(0f, 0f, 2f, 500f)]         // very tall
    [InlineData(40f, 20f, 45f, 21f)]       // small and elongated
    public void CropsAlwaysLieInsideTheirBoxAndHaveArea(float x0, float y0, float x1, float y1)
    {
        var box = new CropBox(x0, y0, x1, y1);
        var boxes = Enumerable.Repeat(box, 2000).ToArray();
        var crops = CropSampler.Sample(boxes, Defaults, new Random(7));
        foreach (var crop in crops)
        {
            Assert.True(crop.IsInside(box, tolerance: 0f), $"{crop} is not inside {box}");
            Assert.True(crop.Width > 0 && crop.Height > 0, $"{crop} is empty");
        }
    }

    [Fact]
    public void ElongatedBoxFallsBackToCentredCropWithClampedRatio()
    {
        // Box 100 x 1. Any try wants area >= 0.08 * 100 = 8 with ratio <= 4/3, i.e. height >= sqrt(8 * 3/4) = 2.45 > 1,
        // so all 10 tries fail. Fallback: ratio 100 > 4/3, so height 1, width 4/3, centred: x0 = (100 - 4/3) / 2 = 49.3333.
        var crop = CropSampler.Sample(new[] { new CropBox(0, 0, 100, 1) }, Defaults, new Random(1))[0];
        Assert.Equal(49.3333f, crop.X0, 3);
        Assert.Equal(50.6667f, crop.X1, 3);
        Assert.Equal(0f, crop.Y0);
        Assert.Equal(1f, crop.Y1);
    }

    [Fact]
    public void ScaleAndRatioFollowTheRequestedDistributions()
    {
        // Square box. A try draws s ~ U[0.08, 1] and log r ~ U[-L, L], L = ln(4/3) = 0.28768; the crop is w = sqrt(s r),
        // h = sqrt(s / r) of the side, so it fits iff s <= min(r, 1/r) = exp(-|log r|). P(fit | s) = 1 for s <= 0.75 and
        // -ln(s) / L above. Conditional mean scale:
        //   denominator = (0.75 - 0.08) + [s - s ln s]_{0.75}^{1} / L = 0.67 + 0.034238 / 0.28768 = 0.789014
        //   numerator   = (0.75^2 - 0.08^2) / 2 + [s^2/4 - s^2 ln(s) / 2]_{0.75}^{1} / L = 0.27805 + 0.028464 / 0.28768 = 0.376993
        //   mean = 0.376993 / 0.789014 = 0.47781 (0.54 without rejection). The chance of 10 failed tries is 0.1424^10 ~ 3e-9.
        // Standard error over 5000 samples ~ 0.24 / sqrt(5000) = 0.0034, so 0.015 is > 4 standard errors.
        // log r is symmetric about 0 (std ~ 0.16, standard error 0.0023); the tolerance 0.012 is > 5 standard errors.
        var box = new CropBox(0, 0, 100, 100);
        var crops = CropSampler.Sample(Enumerable.Repeat(box, 5000).ToArray(), Defaults, new Random(2024));
        var scales = crops.Select(c => (double)c.Area / box.Area).ToArray();
        var logRatios = crops.Select(c => Math.Log((double)c.Width / c.Height)).ToArray();
        Assert.InRange(scales.Average(), 0.47781 - 0.015, 0.47781 + 0.015);
        Assert.InRange(scales.Min(), 0.08 - 1e-4, 1.0);
        Assert.InRange(logRatios.Average(), -0.012, 0.012);
        Assert.All(logRatios, r => Assert.InRange(r, Math.Log(0.75) - 1e-4, Math.Log(4.0 / 3.0) + 1e-4));
        // Crops land all over the box: mean centre near the middle (uniform offsets), not always at one place.
        Assert.InRange(crops.Average(c => (c.X0 + c.X1) / 2), 45, 55);
        Assert.InRange(crops.Average(c => (c.Y0 + c.Y1) / 2), 45, 55);
    }

    [Fact]
    public void SameSeedGivesSameCropsAndOtherSeedDiffers()
    {
        var boxes = Enumerable.Repeat(new CropBox(0, 0, 64, 48), 50).ToArray();
        var a = CropSampler.Sample(boxes, Defaults, new Random(3));
        var b = CropSampler.Sample(boxes, Defaults, new Random(3));
        var c = CropSampler.Sample(boxes, Defaults, new Random(4));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void EmptyBoxIsRejectedWithItsIndex()
    {
        var boxes = new[] { new CropBox(0, 0, 10, 10), new CropBox(5, 5, 5, 9) };
        var ex = Assert.Throws<ArgumentException>(() => CropSampler.Sample(boxes, Defaults, new Random(0)));
        Assert.Contains("box 1", ex.Message);
    }
}
