using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class ViewAugmenterTests
{
    private static Tensor RandomImages(int count, int size, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand(new long[] { count, 3, size, size }, generator: generator);
    }

    private static CropBox[] Whole(int count, int size) => Enumerable.Repeat(CropBox.Whole(size, size), count).ToArray();

    [Fact]
    public void OutputHasTheViewShapeAndIsNormalised()
    {
        // With every random operation off and a constant 0.5 image, each channel is (0.5 - mean) / std:
        // (0.5 - 0.485) / 0.229 = 0.0655022, (0.5 - 0.456) / 0.224 = 0.1964286, (0.5 - 0.406) / 0.225 = 0.4177778.
        var options = new ViewAugmentationOptions
        {
            OutputSize = 4, HorizontalFlipProbability = 0, ColorJitterProbability = 0, GrayscaleProbability = 0, BlurProbability = 0,
        };
        using var images = full(new long[] { 2, 3, 10, 12 }, 0.5f);
        using var views = ViewAugmenter.Apply(images, new[] { CropBox.Whole(12, 10), new CropBox(2, 3, 9, 8) }, options, new Random(0));
        Assert.Equal(new long[] { 2, 3, 4, 4 }, views.shape);
        Assert.Equal(0.0655022f, views[1, 0, 2, 3].item<float>(), 5);
        Assert.Equal(0.1964286f, views[0, 1, 0, 0].item<float>(), 5);
        Assert.Equal(0.4177778f, views[1, 2, 3, 1].item<float>(), 5);
    }

    [Fact]
    public void EmptyBatchGivesEmptyViews()
    {
        using var images = zeros(0, 3, 8, 8);
        using var views = ViewAugmenter.Apply(images, ReadOnlySpan<CropBox>.Empty, ViewAugmentationOptions.SimClr(4), new Random(0));
        Assert.Equal(new long[] { 0, 3, 4, 4 }, views.shape);
    }

    [Fact]
    public void IdenticalImagesGetDifferentViews()
    {
        using var one = RandomImages(1, 24, 5);
        using var images = one.repeat(2, 1, 1, 1);
        using var views = ViewAugmenter.Apply(images, Whole(2, 24), ViewAugmentationOptions.SimClr(12), new Random(11), out var crops);
        Assert.NotEqual(crops[0], crops[1]);
        using var difference = (views[0] - views[1]).abs().max();
        Assert.True(difference.item<float>() > 0.05f, "two samples of one batch must draw their own parameters");
    }

    [Fact]
    public void SameSeedGivesSameViews()
    {
        using var images = RandomImages(3, 20, 9);
        var options = ViewAugmentationOptions.SimClr(8);
        using var a = ViewAugmenter.Apply(images, Whole(3, 20), options, new Random(42));
        using var b = ViewAugmenter.Apply(images, Whole(3, 20), options, new Random(42));
        using var c = ViewAugmenter.Apply(images, Whole(3, 20), options, new Random(43));
        Assert.True(TensorAssert.Identical(a, b));
        Assert.False(TensorAssert.Identical(a, c));
    }

    [Fact]
    public void SamplesWithoutAnOperationAreUnchangedByIt()
    {
        // Sample 0 gets every operation; sample 1 gets none, so it must equal the plain crop bit for bit.
        var options = new ViewAugmentationOptions { OutputSize = 8, Normalize = false, SolarizeProbability = 1 };
        var p = new ViewParameters(2);
        p.Crops[0] = p.Crops[1] = new CropBox(1, 2, 13, 14);
        p.Flip[0] = true;
        p.Jitter[0] = true;
        p.Brightness[0] = 1.2f;
        p.Contrast[0] = 0.7f;
        p.Saturation[0] = 1.3f;
        p.Hue[0] = 0.1f;
        p.Grayscale[0] = true;
        p.Blur[0] = true;
        p.BlurSigma[0] = 1.5f;
        p.Solarize[0] = true;
        using var one = RandomImages(1, 16, 3);
        using var images = one.repeat(2, 1, 1, 1);
        using var views = ViewAugmenter.Render(images, p, options);
        using var plain = AffineCrop.Resample(images, p.Crops, new[] { false, false }, 8);
        Assert.True(TensorAssert.Identical(views[1], plain[1]), "an unselected sample changed");
        Assert.False(views[0].allclose(plain[0]), "the selected sample did not change");
        // Grayscale ran on sample 0 after the colour jitter, so its three channels are equal.
        Assert.True(views[0, 0].allclose(views[0, 2]));
    }

    [Fact]
    public void ForcedJitterMatchesTheHandComputedPipeline()
    {
        // A constant (0.2, 0.4, 0.6) image; brightness 1.5 -> (0.3, 0.6, 0.9), luma 0.299*0.3 + 0.587*0.6 + 0.114*0.9 = 0.5445;
        // contrast 0.5 on a constant image blends with its own mean luma: 0.5 x + 0.27225 -> (0.42225, 0.57225, 0.72225);
        // no saturation or hue change; then normalisation is off. Every output pixel holds that colour.
        var options = new ViewAugmentationOptions { OutputSize = 2, Normalize = false };
        var p = new ViewParameters(1);
        p.Crops[0] = new CropBox(0, 0, 3, 3);
        p.Jitter[0] = true;
        p.Brightness[0] = 1.5f;
        p.Contrast[0] = 0.5f;
        using var images = tensor(new[] { 0.2f, 0.4f, 0.6f }, new long[] { 1, 3, 1, 1 }).expand(1, 3, 3, 3).contiguous();
        using var views = ViewAugmenter.Render(images, p, options);
        TensorAssert.Near(new[] { 0.42225f, 0.42225f, 0.42225f, 0.42225f, 0.57225f, 0.57225f, 0.57225f, 0.57225f, 0.72225f, 0.72225f, 0.72225f, 0.72225f }, views);
    }

    [Fact]
    public void BatchEqualsSamplesRenderedAlone()
    {
        // On the CPU the samples are rendered by parallel tasks, each in its own slot of the output; a sample rendered
        // alone is read through a slice of the batch (its storage at an offset).
        int count = 21;
        var options = ViewAugmentationOptions.SimClr(6);
        options.SolarizeProbability = 0.5;
        using var images = RandomImages(count, 12, 4);
        var p = ViewParameters.Draw(Whole(count, 12), options, new Random(21));
        using var views = ViewAugmenter.Render(images, p, options);
        for (int i = 0; i < count; i++)
        {
            using var image = images.slice(0, i, i + 1, 1);
            using var alone = ViewAugmenter.Render(image, p.Slice(i, 1), options);
            using var view = views.slice(0, i, i + 1, 1);
            TensorAssert.Near(TensorAssert.Values(alone), view, 1e-5f);
        }
    }

    [Fact]
    public void RejectsBoxesOutsideTheCanvasAndWrongShapes()
    {
        using var images = zeros(2, 3, 8, 8);
        var options = ViewAugmentationOptions.SimClr(4);
        var outside = Assert.Throws<ArgumentException>(() =>
            ViewAugmenter.Apply(images, new[] { CropBox.Whole(8, 8), new CropBox(4, 4, 9, 8) }, options, new Random(0)));
        Assert.Contains("box 1", outside.Message);
        var count = Assert.Throws<ArgumentException>(() => ViewAugmenter.Apply(images, new[] { CropBox.Whole(8, 8) }, options, new Random(0)));
        Assert.Contains("1 boxes for a batch of 2", count.Message);
        using var gray = zeros(2, 1, 8, 8);
        Assert.Throws<ArgumentException>(() => ViewAugmenter.Apply(gray, Whole(2, 8), options, new Random(0)));
    }

    [Fact]
    public void DoesNotLeakTensors()
    {
        int count = 17;
        using var images = RandomImages(count, 8, 1);
        var boxes = Whole(count, 8);
        var options = ViewAugmentationOptions.SimClr(4);
        options.SolarizeProbability = 0.5;
        var rng = new Random(8);
        ViewAugmenter.Apply(images, boxes, options, rng).Dispose();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 20; i++)
            ViewAugmenter.Apply(images, boxes, options, rng).Dispose();
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
