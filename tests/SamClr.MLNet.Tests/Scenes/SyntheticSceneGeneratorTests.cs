using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class SyntheticSceneGeneratorTests
{
    private static SyntheticSceneOptions Small(int seed = 7, int count = 24) => new() { Count = count, ImageSize = 64, Seed = seed };

    [Fact]
    public void SameSeedGivesIdenticalBytesAndObjects() =>
        SceneGroundTruthChecks.SameScenes(SyntheticSceneGenerator.Generate(Small()), SyntheticSceneGenerator.Generate(Small()));

    [Fact]
    public void DifferentSeedGivesDifferentImages()
    {
        var first = SyntheticSceneGenerator.Generate(Small(seed: 7));
        var second = SyntheticSceneGenerator.Generate(Small(seed: 8));
        for (int i = 0; i < first.Images.Count; i++)
            Assert.False(first.Images.Image(i).SequenceEqual(second.Images.Image(i)), $"Scene {i} is the same under seeds 7 and 8.");
    }

    [Fact]
    public void EachSceneDependsOnlyOnSeedAndIndex()
    {
        // Per-image random streams: the first 5 of 24 scenes equal a 5-scene set, whatever the threads did.
        var many = SyntheticSceneGenerator.Generate(Small(count: 24));
        var few = SyntheticSceneGenerator.Generate(Small(count: 5));
        Assert.True(few.Images.Pixels.SequenceEqual(many.Images.Pixels[..few.Images.Pixels.Length]));
    }

    [Fact]
    public void ObjectCountsStayInRangeAndClassesAreDistinct()
    {
        var set = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 60, ImageSize = 64, MinObjects = 2, MaxObjects = 4, Seed = 3 });
        var counts = set.Objects.Select(o => o.Count).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 2, 4));
        // 60 draws from {2, 3, 4}: each value misses with probability (2/3)^60 < 1e-10, so both ends must occur.
        Assert.Contains(2, counts);
        Assert.Contains(4, counts);
        foreach (var objects in set.Objects)
        {
            Assert.Equal(objects.Count, objects.Select(o => o.ClassIndex).Distinct().Count());
            Assert.All(objects, o => Assert.Equal(SyntheticSceneGenerator.ClassNames[o.ClassIndex], o.ClassName));
        }
    }

    [Fact]
    public void MasksAreNonEmptyTightInTheirBoxesAndDisjoint() =>
        SceneGroundTruthChecks.MasksAreNonEmptyTightInTheirBoxesAndDisjoint(SyntheticSceneGenerator.Generate(Small(count: 30)));

    [Fact]
    public void ObjectsKeepMostOfTheirArea()
    {
        // The smallest outline is the arrow: triangle 0.5 x 0.9 x 1.44 = 0.648 plus shaft 1.04 x 0.48 = 0.499, 1.147 local units^2.
        // The smallest object (diameter 0.23 x 64 = 14.72 px, aspect 1.3) scales that by 7.36 x 7.36 / 1.3 = 41.7 px^2 per unit^2:
        // 47.8 px, of which 70% (the occlusion limit) is 33.5 px; pixel rounding of a 30 px outline allows a few less.
        var set = SyntheticSceneGenerator.Generate(Small(count: 40));
        Assert.All(set.Objects.SelectMany(o => o), o => Assert.True(o.Area >= 28, $"{o.ClassName} kept only {o.Area} px."));
        // Without occlusion allowed, no object loses anything: the same bound without the 70%, 47.8 px, less rounding.
        var unoccluded = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 40, ImageSize = 64, Seed = 7, MaxOcclusion = 0 });
        Assert.All(unoccluded.Objects.SelectMany(o => o), o => Assert.True(o.Area >= 42, $"{o.ClassName} kept only {o.Area} px."));
    }

    [Fact]
    public void MaskPixelsAreWhereObjectsWereDrawn()
    {
        var options = Small(count: 12);
        var (clearInside, changedOutside) = SceneGroundTruthChecks.CompareWithBackgrounds(
            SyntheticSceneGenerator.Generate(options), SyntheticSceneGenerator.GenerateBackgrounds(options));
        // A mask pixel is at least half covered by a saturated object colour far from the greyish background.
        Assert.Equal(1.0, clearInside);
        // Outside the masks only anti-aliased outline pixels (less than half covered) change.
        Assert.True(changedOutside < 0.1, $"{changedOutside:P1} of the pixels outside the masks changed.");
    }

    [Fact]
    public void RejectsMoreObjectsThanClasses()
    {
        var ex = Assert.Throws<ArgumentException>(() => SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 1, MaxObjects = 11 }));
        Assert.Contains("MaxObjects", ex.Message);
        Assert.Contains("distinct", ex.Message);
    }

    [Fact]
    public void ReportsScenesTooCrowdedToPlace()
    {
        // Ten objects of at least 90% of the scene cannot all keep 100% of their area.
        var options = new SyntheticSceneOptions { Count = 1, ImageSize = 16, MinObjects = 10, MaxObjects = 10, MinObjectFraction = 0.9, MaxObjectFraction = 1, MaxOcclusion = 0 };
        var ex = Assert.Throws<InvalidOperationException>(() => SyntheticSceneGenerator.Generate(options));
        Assert.Contains("MaxOcclusion", ex.Message);
    }

    [Fact]
    public void DefaultsMatchTheDesignsSceneSet()
    {
        var options = new SyntheticSceneOptions();
        Assert.Equal((6000, 96, 3, 5), (options.Count, options.ImageSize, options.MinObjects, options.MaxObjects));
        // 0.23 x 96 = 22.1 px and 0.42 x 96 = 40.3 px.
        Assert.Equal(22, (int)(options.MinObjectFraction * 96));
        Assert.Equal(40, (int)(options.MaxObjectFraction * 96));
    }
}
