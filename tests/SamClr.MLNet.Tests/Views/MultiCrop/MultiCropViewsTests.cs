using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views.MultiCrop;

public class MultiCropViewsTests
{
    private static Tensor RandomImages(int count, int size, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand(new long[] { count, 3, size, size }, generator: generator);
    }

    [Fact]
    public void MakesGlobalAndLocalBatchesOfTheirSizes()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(4, 32, 1);
        var boxes = Enumerable.Repeat(CropBox.Whole(32, 32), 4).ToArray();
        var (globals, locals) = MultiCropViews.Make(images, boxes, MultiCropOptions.Dino(16, 8), new Random(3));
        Assert.Equal(2, globals.Count);
        Assert.Equal(6, locals.Count);
        Assert.All(globals, g => Assert.Equal(new long[] { 4, 3, 16, 16 }, g.shape));
        Assert.All(locals, l => Assert.Equal(new long[] { 4, 3, 8, 8 }, l.shape));
    }

    [Fact]
    public void EveryCropLiesInsideItsImagesBoxWithinTheViewsScaleRange()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(3, 40, 2);
        var boxes = new[] { new CropBox(2, 3, 30, 25), new CropBox(10, 10, 40, 40), CropBox.Whole(40, 20) };
        var options = MultiCropOptions.Dino(16, 8);
        MultiCropViews.Make(images, boxes, options, new Random(7), out var globalCrops, out var localCrops);
        Assert.Equal(2, globalCrops.Length);
        Assert.Equal(6, localCrops.Length);
        foreach (var (crops, min, max) in globalCrops.Select(c => (c, 0.4, 1.0)).Concat(localCrops.Select(c => (c, 0.05, 0.4))))
            for (int i = 0; i < boxes.Length; i++)
            {
                Assert.True(crops[i].IsInside(boxes[i]), $"crop {crops[i]} is outside box {boxes[i]}");
                // A crop either hits its drawn area fraction or is the centred fallback (which covers the largest
                // box part with an allowed aspect ratio); the boxes here are near-square, so the draw always fits.
                double fraction = crops[i].Area / boxes[i].Area;
                Assert.InRange(fraction, min - 1e-3, max + 1e-3);
            }
    }

    [Fact]
    public void SameSeedGivesSameViewsAndDrawsGlobalViewsFirst()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(2, 24, 4);
        var boxes = Enumerable.Repeat(CropBox.Whole(24, 24), 2).ToArray();
        var options = MultiCropOptions.Dino(12, 6);
        MultiCropViews.Make(images, boxes, options, new Random(5), out var a, out var aLocal);
        MultiCropViews.Make(images, boxes, options, new Random(5), out var b, out var bLocal);
        Assert.Equal(a.SelectMany(c => c), b.SelectMany(c => c));
        Assert.Equal(aLocal.SelectMany(c => c), bLocal.SelectMany(c => c));
        // The first global view uses the same random draws as a lone ViewAugmenter call with the same seed.
        ViewAugmenter.Apply(images, boxes, options.GlobalView(0), new Random(5), out var single);
        Assert.Equal(single, a[0]);
    }

    [Fact]
    public void ReturnsViewsToTheCallersScope()
    {
        using var images = RandomImages(2, 16, 6);
        var boxes = Enumerable.Repeat(CropBox.Whole(16, 16), 2).ToArray();
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (NewDisposeScope())
        {
            var (globals, locals) = MultiCropViews.Make(images, boxes, MultiCropOptions.Dino(8, 4), new Random(1));
            Assert.Equal(8, globals.Count + locals.Count);
            Assert.All(globals.Concat(locals), v => Assert.False(v.IsInvalid));
        }
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void RejectsOneBoxTooFew()
    {
        using var images = RandomImages(2, 16, 6);
        Assert.Throws<ArgumentException>(() => MultiCropViews.Make(images, new[] { CropBox.Whole(16, 16) }, MultiCropOptions.Dino(8, 4), new Random(1)));
    }
}
