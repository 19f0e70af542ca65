using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class ViewCutterTests
{
    private static ImageSet Scenes() => SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 12, ImageSize = 48, Seed = 3 }).Images;

    [Fact]
    public void TheSameRandomSourceGivesTheSameViewsWhateverTheNumberOfThreads()
    {
        var images = Scenes();
        var plan = new[] { ViewAugmentationOptions.SimClr(16), ViewAugmentationOptions.SimClr(16) };
        var indices = new[] { 3, 1, 4, 1, 5, 9, 2, 6 };
        var one = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), plan, ViewBatchLoader.ForStep(7, 2), workers: 1);
        var four = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), plan, ViewBatchLoader.ForStep(7, 2), workers: 4);
        Assert.Equal(one.Pixels[0], four.Pixels[0]);
        Assert.Equal(one.Pixels[1], four.Pixels[1]);
        Assert.Equal(one.Parameters[1].Crops, four.Parameters[1].Crops);
        var other = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), plan, ViewBatchLoader.ForStep(7, 3), workers: 1);
        Assert.NotEqual(one.Parameters[0].Crops, other.Parameters[0].Crops);
    }

    [Fact]
    public void RegionViewsAreCutInsideTheRegionBoxInSourcePixels()
    {
        var images = Scenes();
        var regions = Enumerable.Range(0, images.Count).Select(_ => (IReadOnlyList<CropBox>)new[] { new CropBox(10, 20, 30, 44) }).ToArray();
        var prepared = ViewCutter.Prepare(images, new[] { 0, 1, 2 }, new RegionBoxSource(regions, images.Sizes),
            new[] { ViewAugmentationOptions.SimClr(8) }, new Random(1), workers: 2);
        Assert.All(prepared.Parameters[0].Crops, c => Assert.True(c.IsInside(new CropBox(10, 20, 30, 44))));
    }

    [Fact]
    public void EachViewReachesTheCpuInOneUpload()
    {
        // On the CPU the colour steps read the per-sample parameters on the host (CpuColorSteps), so only the crops
        // are uploaded; CUDA adds one upload of the parameters per view.
        var images = Scenes();
        var plan = new[] { ViewAugmentationOptions.SimClr(16), ViewAugmentationOptions.SimClr(16), ViewAugmentationOptions.SimClr(8) };
        var prepared = ViewCutter.Prepare(images, new[] { 0, 1, 2, 3 }, new WholeImageBoxSource(images), plan, new Random(2), workers: 1);
        using var scope = torch.NewDisposeScope();
        long before = DeviceUpload.CountOnThisThread;
        var views = prepared.ToDevice(torch.CPU);
        Assert.Equal(plan.Length, DeviceUpload.CountOnThisThread - before);
        Assert.Equal(new long[] { 4, 3, 8, 8 }, views[2].shape);
    }
}
