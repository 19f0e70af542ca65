using SamClr.MLNet.Regions.Segmentation;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Segmentation;

public class FelzenszwalbSegmentationTests
{
    private static readonly byte[] Halves = SegmentationImages.Paint(8, 4, (200, 0, 0), (0, 0, 200), (x, _) => x >= 4);

    [Fact]
    public void TwoFlatHalvesGiveExactlyTwoSegments()
    {
        // Inside each half every edge weighs 0, so all of them merge first (0 <= Int + k/|C| always). Every edge
        // across the halves weighs sqrt(200^2 + 200^2) = 282.8; each half then has 16 pixels and Int 0, so the
        // threshold is 0 + 10/16 = 0.625 < 282.8 and the halves stay apart.
        var map = FelzenszwalbSegmentation.Segment(Halves, 8, 4, sigma: 0, scale: 10, minSize: 0);
        Assert.Equal(2, map.Count);
        Assert.Equal(16, map.Size(0));
        Assert.Equal(16, map.Size(1));
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 8; x++)
                Assert.Equal(x < 4 ? 0 : 1, map[x, y]);
    }

    [Fact]
    public void AHugeScaleMergesEverything()
    {
        // k = 1e6: joining the halves needs 282.8 <= 0 + 1e6/16 = 62500, which holds.
        var map = FelzenszwalbSegmentation.Segment(Halves, 8, 4, sigma: 0, scale: 1e6, minSize: 0);
        Assert.Equal(1, map.Count);
        Assert.Equal(32, map.Size(0));
    }

    [Fact]
    public void ScaleZeroKeepsOnlyEqualColoursTogether()
    {
        // k = 0: a merge needs w <= Int(C) + 0, and Int stays 0 while only weight-0 edges merge; so the halves.
        var map = FelzenszwalbSegmentation.Segment(Halves, 8, 4, sigma: 0, scale: 0, minSize: 0);
        Assert.Equal(2, map.Count);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 1)]
    public void SegmentsBelowTheMinimumSizeAreJoinedToANeighbour(int minSize, int expectedSegments)
    {
        // A 2x2 block of 200s in the corner of a 6x6 image of 100s: the block (4 px) and the rest (32 px) are separate
        // at k = 1 (the edges between them weigh sqrt(3) x 100 = 173.2 > 1/4). A minimum size of 5 joins the block; 4 does not.
        var image = SegmentationImages.Paint(6, 6, (100, 100, 100), (200, 200, 200), (x, y) => x < 2 && y < 2);
        var map = FelzenszwalbSegmentation.Segment(image, 6, 6, sigma: 0, scale: 1, minSize: minSize);
        Assert.Equal(expectedSegments, map.Count);
        Assert.Equal(36, Enumerable.Range(0, map.Count).Sum(map.Size));
    }

    [Fact]
    public void LabelsFollowTheFirstPixelOrderAndAreDeterministic()
    {
        // Stripes of 3 columns: 0-2 grey, 3-5 red, 6-8 grey. The grey stripes are not adjacent, so 3 segments,
        // labelled left to right because each one's first pixel (row 0) comes in that order.
        var image = SegmentationImages.Paint(9, 5, (90, 90, 90), (250, 10, 10), (x, _) => x is >= 3 and < 6);
        var first = FelzenszwalbSegmentation.Segment(image, 9, 5, sigma: 0, scale: 50, minSize: 0);
        var second = FelzenszwalbSegmentation.Segment(image, 9, 5, sigma: 0, scale: 50, minSize: 0);
        Assert.Equal(3, first.Count);
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 2, 2, 2 }, Enumerable.Range(0, 9).Select(x => first[x, 2]));
        Assert.True(first.Labels.SequenceEqual(second.Labels));
    }

    [Fact]
    public void GridGraphHasFourEdgesPerPixelSortedByColourDistance()
    {
        // 2x2 image, grey levels (all channels equal) a=0 b=10 / c=20 d=50. Edges: a-b right, a-c down, a-d down-right,
        // b-d down, b-c down-left, c-d right: 4*4 - 3*2 - 3*2 + 2 = 6. Weights are sqrt(3) x |difference|:
        // a-b 10, a-c 20, a-d 50, b-d 40, b-c 10, c-d 30 -> sorted 10, 10, 20, 30, 40, 50 (x sqrt 3); the two 10s keep
        // edge-id order: a-b (pixel 0) before b-c (pixel 1).
        byte[] grey = [0, 10, 20, 50];
        var image = grey.Concat(grey).Concat(grey).ToArray();
        var graph = FelzenszwalbSegmentation.BuildGraph(image, 2, 2, sigma: 0);
        Assert.Equal(6, graph.EdgeCount);
        float root3 = MathF.Sqrt(3);
        Assert.Equal(new[] { 10f, 10f, 20f, 30f, 40f, 50f }.Select(w => w * root3), Enumerable.Range(0, 6).Select(graph.Weight), new ToleranceComparer(1e-3f));
        Assert.Equal((0, 1), graph.Ends(0));
        Assert.Equal((1, 2), graph.Ends(1));
        Assert.Equal((0, 2), graph.Ends(2));
        Assert.Equal((2, 3), graph.Ends(3));
    }

    [Fact]
    public void SmoothingKernelIsNormalisedAndSigmaZeroCopies()
    {
        // sigma 0.8: radius ceil(3.2) = 4, weights exp(-d^2 / 1.28) for d = 0..4, normalised over both sides.
        var kernel = GaussianSmoothing.Kernel(0.8);
        Assert.Equal(5, kernel.Length);
        Assert.Equal(1f, kernel[0] + 2 * kernel.Skip(1).Sum(), 4);
        Assert.Equal(MathF.Exp(-1 / 1.28f), kernel[1] / kernel[0], 4);
        var flat = GaussianSmoothing.Smooth(Halves, 8, 4, 0);
        Assert.Equal(Halves.Select(b => (float)b), flat);
        // A flat image stays flat under smoothing (the kernel sums to 1, borders repeat).
        var grey = GaussianSmoothing.Smooth(Enumerable.Repeat((byte)77, 3 * 25).ToArray(), 5, 5, 1.5);
        Assert.All(grey, v => Assert.Equal(77f, v, 3));
    }

    [Fact]
    public void WrongBufferLengthNamesTheExpectedSize()
    {
        var error = Assert.Throws<ArgumentException>(() => FelzenszwalbSegmentation.Segment(new byte[10], 2, 2, 0.8, 100, 0));
        Assert.Contains("12 bytes", error.Message);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => MathF.Abs(a - b) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
