using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class JitterOrderTests
{
    [Fact]
    public void EveryJitteredSampleDrawsAPermutationAndAll24Occur()
    {
        var options = new ViewAugmentationOptions { OutputSize = 8, ColorJitterProbability = 0.5 };
        var p = ViewParameters.Draw(Enumerable.Repeat(CropBox.Whole(16, 16), 4800).ToArray(), options, new Random(5));
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < p.Count; i++)
        {
            var order = p.JitterOrder.AsSpan(i * 4, 4).ToArray();
            Assert.Equal(new byte[] { 0, 1, 2, 3 }, order.OrderBy(b => b).ToArray());
            if (!p.Jitter[i])
            {
                Assert.Equal(new byte[] { 0, 1, 2, 3 }, order); // no jitter, no order drawn
                continue;
            }
            string key = string.Concat(order);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        // About 2400 jittered samples over 24 orders: 100 expected each; a uniform draw stays far inside [50, 160].
        Assert.Equal(24, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 50, 160));
    }

    [Fact]
    public void TheFixedOrderOptionKeepsBrightnessContrastSaturationHue()
    {
        var options = new ViewAugmentationOptions { OutputSize = 8, ColorJitterProbability = 1, RandomJitterOrder = false };
        var p = ViewParameters.Draw(Enumerable.Repeat(CropBox.Whole(16, 16), 50).ToArray(), options, new Random(5));
        Assert.True(p.JitterInFixedOrder);
        Assert.Null(JitterSchedule.For(p));
    }

    [Fact]
    public void TheScheduleGroupsSamplesByStepAndKind()
    {
        // Sample 0: brightness, contrast, saturation, hue; sample 1: hue, saturation, contrast, brightness; sample 2: no jitter.
        var p = new ViewParameters(3);
        p.Jitter[0] = p.Jitter[1] = true;
        new byte[] { 3, 2, 1, 0 }.CopyTo(p.JitterOrder, 4);
        var schedule = JitterSchedule.For(p)!;
        Assert.Equal(new (int, int, int, int)[]
        {
            (0, 0, 0, 1), (0, 3, 1, 1), // step 0: brightness on sample 0, hue on sample 1
            (1, 1, 2, 1), (1, 2, 3, 1),
            (2, 1, 4, 1), (2, 2, 5, 1),
            (3, 0, 6, 1), (3, 3, 7, 1),
        }, schedule.Groups.ToArray());
        Assert.Equal(new long[] { 0, 1, 0, 1, 1, 0, 1, 0 }, schedule.Indices);
        // Samples 1 and 2 alone: sample 1 becomes 0 and keeps its order; sample 2 has no jitter.
        var slice = JitterSchedule.For(p.Slice(1, 2))!;
        Assert.Equal(new (int, int, int, int)[] { (0, 3, 0, 1), (1, 2, 1, 1), (2, 1, 2, 1), (3, 0, 3, 1) }, slice.Groups.ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 0 }, slice.Indices);
    }

    [Fact]
    public void ASampleRunsItsStepsInItsOwnOrder()
    {
        // Sample 0 in the fixed order, sample 1 reversed (hue, saturation, contrast, brightness), same image and factors.
        var options = new ViewAugmentationOptions { OutputSize = 6, Normalize = false };
        var p = new ViewParameters(2);
        for (int i = 0; i < 2; i++)
        {
            p.Crops[i] = CropBox.Whole(6, 6);
            p.Jitter[i] = true;
            p.Brightness[i] = 1.4f;
            p.Contrast[i] = 0.6f;
            p.Saturation[i] = 1.5f;
            p.Hue[i] = 0.15f;
        }
        new byte[] { 3, 2, 1, 0 }.CopyTo(p.JitterOrder, 4);
        using var generator = new Generator(2);
        using var one = rand(new long[] { 1, 3, 6, 6 }, generator: generator);
        using var images = one.repeat(2, 1, 1, 1);
        using var views = ViewAugmenter.Render(images, p, options);

        using var scope = NewDisposeScope();
        var crop = AffineCrop.Resample(one, new[] { CropBox.Whole(6, 6) }, new[] { false }, 6);
        var fixedOrder = ColorOps.ShiftHue(ColorOps.AdjustSaturation(ColorOps.AdjustContrast(ColorOps.AdjustBrightness(crop, new[] { 1.4f }), new[] { 0.6f }), new[] { 1.5f }), new[] { 0.15f });
        var reversed = ColorOps.AdjustBrightness(ColorOps.AdjustContrast(ColorOps.AdjustSaturation(ColorOps.ShiftHue(crop, new[] { 0.15f }), new[] { 1.5f }), new[] { 0.6f }), new[] { 1.4f });
        TensorAssert.Near(TensorAssert.Values(fixedOrder), views.slice(0, 0, 1, 1), 1e-5f);
        TensorAssert.Near(TensorAssert.Values(reversed), views.slice(0, 1, 2, 1), 1e-5f);
        Assert.False(fixedOrder.allclose(reversed, atol: 1e-3), "the two orders must give different colours for this test to mean anything");
    }
}
