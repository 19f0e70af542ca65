using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamSmallRegionsTests
{
    // 7 x 5: a 4 x 4 square with a one-pixel hole at (1,1), and a lone pixel at (6,2).
    private static readonly bool[] Mask = Parse(
        "1111000",
        "1011000",
        "1111001",
        "1111000",
        "0000000");

    private static bool[] Parse(params string[] rows) => rows.SelectMany(r => r.Select(c => c == '1')).ToArray();

    [Fact]
    public void SmallHolesAreFilled()
    {
        // Background components: the hole (1 px) and the rest (35 - 16 ones - 1 = 18 px). Only the hole is < 2.
        var filled = SamSmallRegions.FillHoles(Mask, 7, 5, 2, out bool changed);
        Assert.True(changed);
        Assert.Equal(Parse("1111000", "1111000", "1111001", "1111000", "0000000"), filled);
    }

    [Fact]
    public void SmallIslandsAreRemoved()
    {
        // Mask components: the square (15 px) and the lone pixel (1 px < 2).
        var cleaned = SamSmallRegions.RemoveIslands(Mask, 7, 5, 2, out bool changed);
        Assert.True(changed);
        Assert.Equal(Parse("1111000", "1011000", "1111000", "1111000", "0000000"), cleaned);
    }

    [Fact]
    public void DiagonalNeighboursAreConnected()
    {
        // (4,4) touches the square's corner (3,3) diagonally: one 16-px component, nothing below 2 px.
        var mask = Parse("1111000", "1111000", "1111000", "1111000", "0000100");
        var result = SamSmallRegions.RemoveIslands(mask, 7, 5, 2, out bool changed);
        Assert.False(changed);
        Assert.Same(mask, result);
    }

    [Fact]
    public void WhenEveryIslandIsSmallTheLargestStays()
    {
        // Components: 2 px at (0,0)-(1,0) and 1 px at (5,3); both < 5 -> keep the 2-px one.
        var mask = Parse("1100000", "0000000", "0000000", "0000010", "0000000");
        var result = SamSmallRegions.RemoveIslands(mask, 7, 5, 5, out bool changed);
        Assert.True(changed);
        Assert.Equal(Parse("1100000", "0000000", "0000000", "0000000", "0000000"), result);
    }

    [Fact]
    public void NothingBelowTheAreaChangesNothing()
    {
        var result = SamSmallRegions.FillHoles(Mask, 7, 5, 1, out bool changed);
        Assert.False(changed);
        Assert.Same(Mask, result);
    }
}
