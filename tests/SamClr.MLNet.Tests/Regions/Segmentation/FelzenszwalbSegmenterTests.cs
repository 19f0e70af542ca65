using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Segmentation;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Segmentation;

public class FelzenszwalbSegmenterTests
{
    // A 12x12 saturated square at (10..21, 8..19) on a flat grey 32x32 image.
    private static readonly byte[] Square = SegmentationImages.Paint(32, 32, (128, 128, 128), (20, 40, 230), (x, y) => x is >= 10 and < 22 && y is >= 8 and < 20);

    [Fact]
    public void ProposesTheSquareAndNotTheBackground()
    {
        // Without smoothing (which would turn the step into a ramp of its own segments) every scale gives two segments:
        // the square (144 px) and the background (880 px). The background exceeds MaxAreaFraction (0.5 x 1024 = 512),
        // and so does their union (1024), the only grouped region; the square's boundary is all strong edges (distance
        // sqrt(108^2 + 88^2 + 102^2) = 172 >= 15). One region, found at every scale, proposed once.
        var regions = new FelzenszwalbSegmenter(new FelzenszwalbOptions { Sigma = 0 }).Propose(Square, 32, 32);
        var region = Assert.Single(regions);
        var mask = region.Mask.Decode();
        Assert.Equal((32, 32), (mask.Width, mask.Height));
        Assert.Equal(144, region.Area);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                Assert.Equal(x is >= 10 and < 22 && y is >= 8 and < 20, mask[x, y]);
        Assert.Equal(new CropBox(10, 8, 22, 20), region.Box);
        Assert.True(float.IsNaN(region.PredictedIou));
        Assert.True(float.IsNaN(region.StabilityScore));
        Assert.Null(region.Point);
    }

    [Fact]
    public void EveryRegionHasTheImageSizeAndIsProposedOnce()
    {
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 2, Seed = 3 });
        var segmenter = new FelzenszwalbSegmenter();
        var regions = segmenter.Propose(scenes.Images.Image(1), 96, 96);
        Assert.NotEmpty(regions);
        Assert.All(regions, r =>
        {
            Assert.Equal((96, 96), (r.Mask.Width, r.Mask.Height));
            Assert.InRange(r.Area, 20, 96 * 96 / 2);
        });
        Assert.Equal(regions.Count, regions.Select(r => r.Mask.ToCompressedString()).Distinct().Count());
    }

    [Fact]
    public void IsDeterministic()
    {
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 1, Seed = 4 });
        var first = new FelzenszwalbSegmenter().Propose(scenes.Images.Image(0), 96, 96);
        var second = new FelzenszwalbSegmenter().Propose(scenes.Images.Image(0), 96, 96);
        Assert.Equal(first.Select(r => r.Mask.ToCompressedString()), second.Select(r => r.Mask.ToCompressedString()));
    }

    [Fact]
    public void WithoutGroupingOrFiltersItProposesExactlyTheSegments()
    {
        // One scale, no grouping, no contrast or size filters: the two flat halves of an 8x4 image, as two regions.
        var halves = SegmentationImages.Paint(8, 4, (200, 0, 0), (0, 0, 200), (x, _) => x >= 4);
        var segmenter = new FelzenszwalbSegmenter(new FelzenszwalbOptions
        {
            Sigma = 0, Scales = [10], MinSegmentSize = 0, HierarchicalGrouping = false,
            MaxAreaFraction = 1, MinRegionArea = 0, MinBoundaryContrast = 0,
        });
        var regions = segmenter.Propose(halves, 8, 4);
        Assert.Equal(2, regions.Count);
        // Column-major runs: left half = columns 0-3 = the first 16 pixels, then 16 zeros.
        Assert.Equal(new[] { 0, 16, 16 }, regions[0].Mask.Counts);
        Assert.Equal(new[] { 16, 16 }, regions[1].Mask.Counts);
    }

    [Fact]
    public void ParametersListEveryOption()
    {
        var parameters = new FelzenszwalbSegmenter(new FelzenszwalbOptions { Scales = [12.5, 300] }).Parameters;
        var names = typeof(FelzenszwalbOptions).GetProperties().Select(p => p.Name).Order();
        Assert.Equal(names, parameters.Keys.Order());
        Assert.Equal("12.5,300", parameters["Scales"]);
        Assert.Equal("0.8", parameters["Sigma"]);
        Assert.Equal("felzenszwalb", new FelzenszwalbSegmenter().Name);
    }

    [Fact]
    public void OptionsAreCopiedAndValidated()
    {
        var options = new FelzenszwalbOptions();
        var segmenter = new FelzenszwalbSegmenter(options);
        options.Sigma = 5;
        Assert.Equal("0.8", segmenter.Parameters["Sigma"]);
        var error = Assert.Throws<ArgumentException>(() => new FelzenszwalbSegmenter(new FelzenszwalbOptions { MinBoundaryContrast = 2 }));
        Assert.Contains("MinBoundaryContrast", error.Message);
        Assert.Throws<ArgumentException>(() => new FelzenszwalbSegmenter(new FelzenszwalbOptions { Scales = [] }));
    }

    [Fact]
    public void RejectsABufferOfTheWrongSize() =>
        Assert.Throws<ArgumentException>(() => new FelzenszwalbSegmenter().Propose(new byte[3 * 31 * 32], 32, 32));
}
