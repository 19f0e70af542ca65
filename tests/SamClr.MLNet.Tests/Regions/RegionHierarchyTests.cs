using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;
using Xunit;
using static SamClr.MLNet.Tests.Regions.RegionTestMasks;

namespace SamClr.MLNet.Tests.Regions;

public class RegionHierarchyTests
{
    [Fact]
    public void RegionExposesItsMaskBoxAndScores()
    {
        var region = new Region(CocoRle.FromCounts(new[] { 7, 1, 1 }, 3, 3), 0.9f, 0.95f, (2.5f, 1.5f), new CropBox(0, 0, 3, 3));
        Assert.Equal(1, region.Area);
        Assert.Equal(new CropBox(2, 1, 3, 2), region.Box);
        Assert.Equal(0.9f, region.PredictedIou);
        Assert.Equal(0.95f, region.StabilityScore);
        Assert.Equal((2.5f, 1.5f), region.Point);
        Assert.Equal(new CropBox(0, 0, 3, 3), region.CropBox);
        Assert.True(float.IsNaN(new Region(region.Mask).PredictedIou));
    }

    [Fact]
    public void ASmallSquareInsideABigOneLeavesOnlyTheBigOne()
    {
        var small = Rectangle(20, 20, 4, 4, 6, 6);  // 2 x 2 = 4 px, wholly inside
        var big = Rectangle(20, 20, 2, 2, 12, 12);  // 10 x 10 = 100 px
        var roots = RegionHierarchy.Coarsest(new[] { small, big });
        Assert.Same(big, Assert.Single(roots));
    }

    [Fact]
    public void DisjointRegionsAreBothKeptLargestFirst()
    {
        var left = Rectangle(20, 20, 0, 0, 3, 3);     // 9 px
        var right = Rectangle(20, 20, 10, 10, 15, 15); // 25 px
        var roots = RegionHierarchy.Coarsest(new[] { left, right });
        Assert.Equal(new[] { right, left }, roots);
    }

    [Fact]
    public void ContainmentIsStrictlyGreaterThanTheThreshold()
    {
        // A covers columns 0..9, rows 0..9. B is row 5, columns 1..10: 10 px of which 9 (columns 1..9) lie in A.
        // 9 / 10 = 0.9 is not > 0.9, so B stays a root; with threshold 0.89 it joins A.
        var a = Rectangle(20, 20, 0, 0, 10, 10);
        var b = Rectangle(20, 20, 1, 5, 11, 6);
        Assert.Equal(new[] { a, b }, RegionHierarchy.Coarsest(new[] { a, b }));
        Assert.Equal(new[] { a }, RegionHierarchy.Coarsest(new[] { a, b }, containment: 0.89));
    }

    [Fact]
    public void TheMasksNotJustTheBoxesDecideContainment()
    {
        // An L of 10 + 9 = 19 px: column 0 rows 0..9 and row 9 columns 1..9. Its box (0, 0, 10, 10) holds the 3 x 3 square
        // at columns 5..7, rows 2..4, but the L's mask does not touch it (intersection 0), so both are roots.
        var l = new BinaryMask(12, 12);
        for (int i = 0; i < 10; i++)
        {
            l[0, i] = true;
            l[i, 9] = true;
        }
        var lRegion = new Region(CocoRle.Encode(l));
        var square = Rectangle(12, 12, 5, 2, 8, 5);
        Assert.Equal(19, lRegion.Area);
        Assert.Equal(new[] { lRegion, square }, RegionHierarchy.Coarsest(new[] { square, lRegion }));
    }

    [Fact]
    public void EqualAreasKeepInputOrderAndEmptyMasksAreDropped()
    {
        // Two identical 4 x 4 masks: the first one given is the root. The empty mask belongs to no group.
        var first = Rectangle(10, 10, 1, 1, 5, 5, predictedIou: 0.1f);
        var second = Rectangle(10, 10, 1, 1, 5, 5, predictedIou: 0.2f);
        var empty = new Region(CocoRle.FromCounts(new[] { 100 }, 10, 10));
        Assert.Same(first, Assert.Single(RegionHierarchy.Coarsest(new[] { empty, first, second })));
        Assert.Same(second, Assert.Single(RegionHierarchy.Coarsest(new[] { second, first })));
        Assert.Empty(RegionHierarchy.Coarsest(Array.Empty<Region>()));
    }

    [Fact]
    public void RejectsMixedSizesAndBadThresholds()
    {
        var a = Rectangle(10, 10, 0, 0, 2, 2);
        var b = Rectangle(12, 10, 0, 0, 2, 2);
        Assert.Contains("share", Assert.Throws<ArgumentException>(() => RegionHierarchy.Coarsest(new[] { a, b })).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionHierarchy.Coarsest(new[] { a }, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionHierarchy.Coarsest(new[] { a }, double.NaN));
    }
}
