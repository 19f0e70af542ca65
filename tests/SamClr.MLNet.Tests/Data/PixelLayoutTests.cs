using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class PixelLayoutTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(50)]
    public void InterleaveRowPutsEachPixelsThreeChannelsSideBySide(int width)
    {
        // Red = x, green = 100 + x, blue = 200 - x: pixel x of the row is (x, 100 + x, 200 - x) at bytes 3x .. 3x + 2,
        // through the 16-pixel shuffle rounds and the pixel-by-pixel rest alike.
        var red = Enumerable.Range(0, width).Select(x => (byte)x).ToArray();
        var green = Enumerable.Range(0, width).Select(x => (byte)(100 + x)).ToArray();
        var blue = Enumerable.Range(0, width).Select(x => (byte)(200 - x)).ToArray();
        var rgb = new byte[3 * width + 1];
        rgb[^1] = 77;
        PixelLayout.InterleaveRow(red, green, blue, rgb.AsSpan(0, 3 * width));
        var expected = Enumerable.Range(0, width).SelectMany(x => new[] { (byte)x, (byte)(100 + x), (byte)(200 - x) }).Append((byte)77).ToArray();
        Assert.Equal(expected, rgb);
    }

    [Fact]
    public void ReadRowsOfAnImageSetInterleaveOnlyTheImagesValidExtent()
    {
        // A 20 x 3 image on a 24 x 4 canvas; rows 1 and 2 hold (10 y + x, 1, 2) for x < 20.
        int canvas = 24, plane = canvas * 4;
        var pixels = new byte[3 * plane];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < canvas; x++)
            {
                pixels[y * canvas + x] = (byte)(10 * y + x);
                pixels[plane + y * canvas + x] = 1;
                pixels[2 * plane + y * canvas + x] = 2;
            }
        var set = new ImageSet(4, canvas, pixels, new[] { new ImageSize(20, 3) });
        var rows = new byte[3 * 20 * 2];
        set.ReadRows(0, 1, 3, rows);
        for (int y = 1; y < 3; y++)
            for (int x = 0; x < 20; x++)
                Assert.Equal(new byte[] { (byte)(10 * y + x), 1, 2 }, rows.AsSpan(3 * ((y - 1) * 20 + x), 3).ToArray());
    }
}
