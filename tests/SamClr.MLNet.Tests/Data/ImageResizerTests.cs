using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ImageResizerTests
{
    [Theory]
    [InlineData(3, 2, 4, 4, 3)]     // 2 * 4 / 3 = 2.67 -> 3
    [InlineData(2, 3, 4, 3, 4)]
    [InlineData(100, 1, 8, 8, 1)]   // 0.08 is clamped up to one pixel
    [InlineData(32, 32, 96, 96, 96)]
    public void FitSizeScalesTheLongestSideToTheCanvas(int width, int height, int canvas, int expectedWidth, int expectedHeight) =>
        Assert.Equal(new ImageSize(expectedWidth, expectedHeight), ImageResizer.FitSize(width, height, canvas));

    [Fact]
    public void ResizingASetUsesOnlyTheValidRegionAndKeepsMetadata()
    {
        // Canvas 4: the valid region is 2 wide x 4 high, uniformly 100; columns 2..3 are zero padding.
        var pixels = new byte[3 * 16];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 2; x++)
                    pixels[c * 16 + y * 4 + x] = 100;
        var set = new ImageSet(4, 4, pixels, new[] { new ImageSize(2, 4) }, new[] { 0 }, new[] { "only" }, new[] { "src#0" }, skipped: 2);
        var resized = ImageResizer.ResizeOntoCanvas(set, 8);
        Assert.Equal(new ImageSize(4, 8), resized.Sizes[0]);
        Assert.Equal(new[] { "src#0" }, resized.Sources);
        Assert.Equal(2, resized.Skipped);
        Assert.Equal(new[] { 0 }, resized.Labels);
        // Had the padding been resized with the image, the right edge of the valid region would darken towards 0.
        for (int y = 0; y < 8; y++)
        {
            Assert.InRange(resized.Image(0)[y * 8 + 3], 98, 102);
            Assert.Equal(0, resized.Image(0)[y * 8 + 4]);
        }
        Assert.Same(set, ImageResizer.ResizeOntoCanvas(set, 4));
    }
}
