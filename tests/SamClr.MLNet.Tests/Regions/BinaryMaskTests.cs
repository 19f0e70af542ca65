using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions;

public class BinaryMaskTests
{
    [Fact]
    public void IndexerIsRowMajorAndBoxHasExclusiveEnds()
    {
        // 5 wide, 4 high; set (1, 2) and (3, 1): row-major indices 2 * 5 + 1 = 11 and 1 * 5 + 3 = 8.
        var mask = new BinaryMask(5, 4) { [1, 2] = true, [3, 1] = true };
        bool[] bits = mask.ToRowMajor();
        Assert.True(bits[11]);
        Assert.True(bits[8]);
        Assert.Equal(2, mask.Area);
        // Columns 1..3, rows 1..2 -> (1, 1, 4, 3).
        Assert.Equal(new CropBox(1, 1, 4, 3), mask.BoundingBox);
    }

    [Fact]
    public void EmptyMaskHasNoBoxAndCopiesAreIndependent()
    {
        var source = new bool[6];
        var mask = new BinaryMask(3, 2, source);
        source[0] = true;
        Assert.False(mask[0, 0]);
        Assert.Null(mask.BoundingBox);
        mask.ToRowMajor()[0] = true;
        Assert.Equal(0, mask.Area);
    }

    [Fact]
    public void RejectsBadSizesAndPixels()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BinaryMask(0, 3));
        Assert.Throws<ArgumentException>(() => new BinaryMask(3, 2, new bool[5]));
        var mask = new BinaryMask(3, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => mask[3, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => mask[0, -1]);
    }
}
