using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamBoxNmsTests
{
    [Fact]
    public void IoUUsesTorchvisionBoxAreas()
    {
        // (0,0,10,10) area 10*10 = 100; (1,1,11,11) area 100; intersection (10-1)*(10-1) = 81; union 119.
        Assert.Equal(81.0 / 119.0, SamMaskBox.IoU(new(0, 0, 10, 10), new(1, 1, 11, 11)), 12);
        // Disjoint boxes: intersection 0.
        Assert.Equal(0.0, SamMaskBox.IoU(new(0, 0, 10, 10), new(20, 20, 30, 30)));
        // Two one-pixel masks at the same place have zero-area boxes: 0 / 0 = NaN (never suppresses).
        Assert.True(double.IsNaN(SamMaskBox.IoU(new(3, 3, 3, 3), new(3, 3, 3, 3))));
    }

    [Fact]
    public void KeepsBoxesByDescendingScoreAndSuppressesLargeOverlaps()
    {
        SamMaskBox[] boxes =
        [
            new(0, 0, 10, 10),   // 0: score 0.90
            new(1, 1, 11, 11),   // 1: score 0.80
            new(0, 0, 10, 9),    // 2: score 0.95 (visited first)
            new(20, 20, 30, 30), // 3: score 0.50
        ];
        float[] scores = [0.90f, 0.80f, 0.95f, 0.50f];
        // Visit 2 (keep). Visit 0: with 2 inter 10*9 = 90, union 100 + 90 - 90 = 100 -> 0.9 > 0.7 -> suppressed.
        // Visit 1: with 2 inter (10-1)*(9-1) = 72, union 100 + 90 - 72 = 118 -> 0.61 -> keep.
        // Visit 3: disjoint -> keep.
        Assert.Equal([2, 1, 3], SamBoxNms.Greedy(boxes, scores, 0.7));
        // A threshold of 0.6 also removes 1 (0.61 > 0.6).
        Assert.Equal([2, 3], SamBoxNms.Greedy(boxes, scores, 0.6));
    }

    [Fact]
    public void AnOverlapEqualToTheThresholdIsKept()
    {
        // (0,0,10,10) area 100 and (0,0,10,7) area 70: intersection 70, union 100 -> IoU exactly 0.7, not > 0.7.
        Assert.Equal([0, 1], SamBoxNms.Greedy([new(0, 0, 10, 10), new(0, 0, 10, 7)], [0.9f, 0.8f], 0.7));
    }

    [Fact]
    public void EqualScoresKeepInputOrder()
    {
        // Identical boxes with equal scores: the first one listed wins.
        Assert.Equal([1], SamBoxNms.Greedy([new(0, 0, 5, 5), new(0, 0, 5, 5)], [0.5f, 1f], 0.7));
        Assert.Equal([0], SamBoxNms.Greedy([new(0, 0, 5, 5), new(0, 0, 5, 5)], [1f, 1f], 0.7));
    }

    [Fact]
    public void MismatchedListsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => SamBoxNms.Greedy([new(0, 0, 1, 1)], [], 0.7));
    }
}
