using SamClr.MLNet.Regions;
using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class RegionQualityTests
{
    [Fact]
    public void MeanBestIouAveragesEachObjectsBestMatch()
    {
        // 4x4 canvas. Object A = columns 0-1 (8 px); object B = column 3 (4 px).
        // Proposal P = column 0 (4 px): IoU with A = 4 / 8 = 0.5.  Proposal Q = columns 0-2 (12 px): IoU with A = 8 / 12.
        // Neither touches column 3, so B scores 0. Mean = (8/12 + 0) / 2 = 1/3.
        var a = Object(4, 4, (x, _) => x < 2);
        var b = Object(4, 4, (x, _) => x == 3);
        var p = Proposal(4, 4, (x, _) => x == 0);
        var q = Proposal(4, 4, (x, _) => x < 3);
        Assert.Equal(0.5, RegionQuality.BestIou(a, [p]), 10);
        Assert.Equal(8.0 / 12, RegionQuality.BestIou(a, [p, q]), 10);
        Assert.Equal(1.0 / 3, RegionQuality.MeanBestIou([a, b], [p, q]), 10);
        Assert.Equal(0, RegionQuality.MeanBestIou([a, b], []));
        Assert.True(double.IsNaN(RegionQuality.MeanBestIou([], [p])));
    }

    [Fact]
    public void AnExactProposalScoresOne()
    {
        var a = Object(5, 3, (x, y) => x + y < 3);
        Assert.Equal(1.0, RegionQuality.MeanBestIou([a], [Proposal(5, 3, (x, y) => x + y < 3)]));
    }

    [Fact]
    public void MismatchedSizesAreRejected()
    {
        var a = Object(4, 4, (x, _) => x < 2);
        var error = Assert.Throws<ArgumentException>(() => RegionQuality.MeanBestIou([a], [Proposal(5, 4, (x, _) => x < 2)]));
        Assert.Contains("5x4", error.Message);
    }

    private static Region Proposal(int width, int height, Func<int, int, bool> inside)
    {
        var mask = new BinaryMask(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                mask[x, y] = inside(x, y);
        return new Region(CocoRle.Encode(mask));
    }

    private static SceneObject Object(int width, int height, Func<int, int, bool> inside)
    {
        var bits = new ulong[(width * height + 63) / 64];
        int area = 0;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                if (inside(x, y))
                {
                    int i = y * width + x;
                    bits[i >> 6] |= 1UL << (i & 63);
                    area++;
                }
        return new SceneObject(0, "test", (0, 0, width, height), new SceneMask(width, height, bits), area);
    }
}
