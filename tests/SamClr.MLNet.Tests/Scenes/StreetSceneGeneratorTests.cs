using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class StreetSceneGeneratorTests
{
    private static StreetSceneOptions Small(int count = 10, int seed = 3) => new() { Count = count, Seed = seed };

    [Fact]
    public void SameFramesAndObjectsOnOneTwoAndEightThreads()
    {
        var one = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 12, Seed = 5, MaxDegreeOfParallelism = 1 });
        foreach (int threads in new[] { 2, 8 })
        {
            var many = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 12, Seed = 5, MaxDegreeOfParallelism = threads });
            SceneGroundTruthChecks.SameScenes(one, many);
        }
    }

    [Fact]
    public void EachFrameDependsOnlyOnSeedAndIndexAndSeedsDiffer()
    {
        var many = StreetSceneGenerator.Generate(Small(count: 9));
        var few = StreetSceneGenerator.Generate(Small(count: 3));
        Assert.True(few.Images.Pixels.SequenceEqual(many.Images.Pixels[..few.Images.Pixels.Length]));
        var other = StreetSceneGenerator.Generate(Small(count: 3, seed: 4));
        for (int i = 0; i < 3; i++)
            Assert.False(few.Images.Image(i).SequenceEqual(other.Images.Image(i)), $"Frame {i} is the same under seeds 3 and 4.");
    }

    [Fact]
    public void FramesHaveTheRequestedSizeAndDefaultsAreWide()
    {
        var defaults = new StreetSceneOptions();
        Assert.Equal((512, 256, 8, 20, 0.005, 0.03), (defaults.Width, defaults.Height, defaults.MinObjects, defaults.MaxObjects, defaults.MinObjectArea, defaults.MaxObjectArea));
        var set = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 2, Width = 320, Height = 144, Seed = 1 });
        Assert.Equal((2, 320, 144), (set.Images.Count, set.Images.Width, set.Images.Height));
        Assert.Equal(3 * 320 * 144 * 2, set.Images.Pixels.Length);
        Assert.All(set.Objects.SelectMany(o => o), o => Assert.Equal((320, 144), (o.Mask.Width, o.Mask.Height)));
    }

    [Fact]
    public void ObjectCountsStayInRangeAndClassesRepeatInCrowdedFrames()
    {
        var set = StreetSceneGenerator.Generate(Small(count: 40));
        var counts = set.Objects.Select(o => o.Count).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 8, 20));
        // 40 uniform draws from 8-20 all stay at 10 or below with probability (3/13)^40 < 1e-25.
        Assert.Contains(counts, c => c > 10);
        // With ten classes, a frame of more than ten objects repeats one (pigeonhole).
        Assert.All(set.Objects.Where(o => o.Count > 10), o => Assert.True(o.Select(x => x.ClassIndex).Distinct().Count() < o.Count));
        Assert.All(set.Objects.SelectMany(o => o), o => Assert.Equal(SyntheticSceneGenerator.ClassNames[o.ClassIndex], o.ClassName));
    }

    [Fact]
    public void UnoccludedObjectsCoverHalfToThreePercentOfTheFrame()
    {
        // Without occlusion a mask is the whole outline: 0.005 x 512 x 256 = 655.4 px to 0.03 x 512 x 256 = 3932.2 px.
        var set = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 20, Seed = 2, MaxObjects = 10, MaxOcclusion = 0 });
        var areas = set.Objects.SelectMany(o => o).Select(o => o.Area).ToArray();
        Assert.All(areas, a => Assert.InRange(a, 656, 3932));
        // Areas are log-uniform over a factor of 6: a quarter of them lie below 1000 px (ln(1000/655) / ln 6 = 0.24), a quarter above 2400 px.
        Assert.Contains(areas, a => a < 1000);
        Assert.Contains(areas, a => a > 2400);
    }

    [Fact]
    public void OccludedObjectsKeepSeventyPercentAndLieInTheLowerTwoThirds()
    {
        var set = StreetSceneGenerator.Generate(Small(count: 20));
        foreach (var item in set.Objects.SelectMany(o => o))
        {
            // At least 70% of at least 656 px stays visible: 459.2, so 460 px.
            Assert.True(item.Area >= 460, $"{item.ClassName} kept only {item.Area} px.");
            // Objects lie below a third of the height, 85.3 px: a pixel of row 85 may still be half covered.
            Assert.True(item.Box.Y0 >= 85, $"{item.ClassName} reaches up to row {item.Box.Y0}.");
        }
    }

    [Fact]
    public void MasksAreNonEmptyTightInTheirBoxesAndDisjoint() =>
        SceneGroundTruthChecks.MasksAreNonEmptyTightInTheirBoxesAndDisjoint(StreetSceneGenerator.Generate(Small(count: 6)));

    [Fact]
    public void MaskPixelsAreWhereObjectsWereDrawn()
    {
        var options = Small(count: 6);
        var (clearInside, changedOutside) = SceneGroundTruthChecks.CompareWithBackgrounds(
            StreetSceneGenerator.Generate(options), StreetSceneGenerator.GenerateBackgrounds(options));
        // Street backgrounds have colour (facades, trees, lane paint), so an object may match them here and there:
        // measured 99.999% of the mask pixels (all but one of these six frames) differ clearly.
        Assert.True(clearInside > 0.999, $"Only {clearInside:P2} of the mask pixels differ clearly from the background.");
        // Outside the masks only anti-aliased outline pixels (less than half covered) change: measured 0.94%.
        Assert.True(changedOutside < 0.05, $"{changedOutside:P1} of the pixels outside the masks changed.");
    }

    [Fact]
    public void WholeFramesShowMostlyBackgroundAndObjectBoxesShowMostlyTheObject()
    {
        // Measured on the first 200 frames of seed 3: objects cover 15.9% of a frame on average and 25.1% at most, and
        // fill 55.6% of their boxes on average (26.6% at least: rings, stars and crosses leave corners empty).
        var set = StreetSceneGenerator.Generate(Small(count: 20));
        double frame = 512 * 256;
        foreach (var objects in set.Objects)
        {
            double covered = objects.Sum(o => o.Area) / frame;
            Assert.True(covered < 0.5, $"Objects cover {covered:P0} of a frame.");
        }
        var shares = set.Objects.SelectMany(o => o).Select(o => o.Area / (double)((o.Box.X1 - o.Box.X0) * (o.Box.Y1 - o.Box.Y0))).ToArray();
        Assert.True(shares.Average() > 0.45, $"Objects fill only {shares.Average():P0} of their boxes on average.");
    }

    [Fact]
    public void BackgroundsAreStructuredAndDifferPerFrame()
    {
        // Measured on the first 200 frames of seed 3: grey levels spread at least 34.1, row means at least 20.7 (sky,
        // facades, sidewalk and road differ), and consecutive frames' row means differ by 7.1 on average at least.
        var backgrounds = StreetSceneGenerator.GenerateBackgrounds(Small(count: 12));
        int width = 512, height = 256, plane = width * height;
        double[]? previousRows = null;
        for (int i = 0; i < backgrounds.Count; i++)
        {
            var pixels = backgrounds.Image(i).ToArray();
            var grey = Enumerable.Range(0, plane).Select(p => (pixels[p] + pixels[plane + p] + pixels[2 * plane + p]) / 3.0).ToArray();
            double mean = grey.Average(), spread = Math.Sqrt(grey.Average(g => (g - mean) * (g - mean)));
            Assert.True(spread > 20, $"Frame {i}'s grey levels spread only {spread:0.0}.");
            var rows = Enumerable.Range(0, height).Select(y => grey.Skip(y * width).Take(width).Average()).ToArray();
            double rowMean = rows.Average(), rowSpread = Math.Sqrt(rows.Average(r => (r - rowMean) * (r - rowMean)));
            Assert.True(rowSpread > 15, $"Frame {i}'s rows look alike (row means spread {rowSpread:0.0}).");
            if (previousRows != null)
            {
                double change = rows.Zip(previousRows, (a, b) => Math.Abs(a - b)).Average();
                Assert.True(change > 3, $"Frames {i - 1} and {i} have row means within {change:0.0} of each other.");
            }
            previousRows = rows;
        }
    }

    [Fact]
    public void CityscapesSizedFrameGenerates()
    {
        var set = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 1, Width = 2048, Height = 1024, Seed = 9 });
        Assert.Equal((1, 2048, 1024), (set.Images.Count, set.Images.Width, set.Images.Height));
        Assert.InRange(set.Objects[0].Count, 8, 20);
        // 0.7 x 0.005 x 2048 x 1024 = 7340 px visible at least; 0.03 x 2048 x 1024 = 62,915 px at most.
        Assert.All(set.Objects[0], o => Assert.InRange(o.Area, 7340, 62915));
        Assert.All(set.Objects[0], o => Assert.True(o.Box.Y0 >= 341, $"Row {o.Box.Y0} is above the lower two thirds."));
    }

    [Fact]
    public void RejectsFramesTooSmallAndObjectsTooLarge()
    {
        var narrow = Assert.Throws<ArgumentException>(() => StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 1, Width = 100 }));
        Assert.Contains("Width", narrow.Message);
        // 10% of 512 x 256 with the arrow's 1.147 unit^2 outline and aspect 1.3 spans 2 sqrt(13107 x 1.3 / 1.147) = 244 px, more than the 171 px lower two thirds.
        var large = Assert.Throws<ArgumentException>(() => StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 1, MaxObjectArea = 0.1 }));
        Assert.Contains("MaxObjectArea", large.Message);
    }

    [Fact]
    public void ReportsFramesTooCrowdedToPlace()
    {
        // 40 objects of 3% each would need 120% of the frame without overlap.
        var options = new StreetSceneOptions { Count = 1, MinObjects = 40, MaxObjects = 40, MinObjectArea = 0.03, MaxOcclusion = 0 };
        var ex = Assert.Throws<InvalidOperationException>(() => StreetSceneGenerator.Generate(options));
        Assert.Contains("MaxOcclusion", ex.Message);
    }
}
