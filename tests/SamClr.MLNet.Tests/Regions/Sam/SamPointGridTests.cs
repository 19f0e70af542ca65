using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamPointGridTests
{
    [Fact]
    public void PointsSitAtCellCentresRowByRow()
    {
        // n = 4: coordinates (i + 0.5) / 4 = 0.125, 0.375, 0.625, 0.875; point k = i * 4 + j is (x_j, y_i).
        var grid = SamPointGrid.Build(4);
        Assert.Equal(16, grid.Length);
        Assert.Equal((0.125f, 0.125f), grid[0]);
        Assert.Equal((0.375f, 0.125f), grid[1]);   // k = 1: i = 0, j = 1
        Assert.Equal((0.125f, 0.375f), grid[4]);   // k = 4: i = 1, j = 0
        Assert.Equal((0.625f, 0.875f), grid[14]);  // k = 14: i = 3, j = 2
        Assert.Equal((0.875f, 0.875f), grid[15]);
    }

    [Fact]
    public void OnePointPerSideIsTheCentre()
    {
        Assert.Equal([(0.5f, 0.5f)], SamPointGrid.Build(1));
    }

    [Fact]
    public void LayersDivideThePointsPerSide()
    {
        // 32 points per side, factor 2: layers get 32, 16, 8 per side -> 1024, 256, 64 points.
        var grids = SamPointGrid.ForLayers(32, 2, 2);
        Assert.Equal([1024, 256, 64], grids.Select(g => g.Length));
        // floor(6 / 4) = 1 point on layer 1: the centre.
        Assert.Equal([(0.5f, 0.5f)], SamPointGrid.ForLayers(6, 1, 4)[1]);
    }

    [Fact]
    public void ALayerWithoutPointsIsRejected()
    {
        // floor(4 / 3^2) = 0 points per side on layer 2.
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SamPointGrid.ForLayers(4, 2, 3));
        Assert.Contains("Crop layer 2", error.Message);
    }
}
