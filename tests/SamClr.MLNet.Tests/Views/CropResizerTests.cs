using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class CropResizerTests
{
    /// <summary>A width x height image whose red plane is <paramref name="red"/>(x, y), green 10 and blue 250.</summary>
    private static ImageSet Image(int width, int height, Func<int, int, byte> red)
    {
        var pixels = new byte[3 * width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                pixels[y * width + x] = red(x, y);
                pixels[width * height + y * width + x] = 10;
                pixels[2 * width * height + y * width + x] = 250;
            }
        return new ImageSet(height, width, pixels);
    }

    private static byte[] Cut(ISourceImages images, CropBox crop, int size, bool flip = false)
    {
        var view = new byte[3 * size * size];
        CropResizer.Cut(images, 0, crop, flip, size, view, new CropScratch());
        return view;
    }

    [Fact]
    public void ACropOfTheViewSizeIsCopiedExactly()
    {
        var image = Image(10, 8, (x, y) => (byte)(x * 20 + y));
        var view = Cut(image, new CropBox(3, 2, 7, 6), 4);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                Assert.Equal((byte)((3 + j) * 20 + 2 + i), view[i * 4 + j]);
        Assert.All(view[16..32], g => Assert.Equal(10, g));
        Assert.All(view[32..], b => Assert.Equal(250, b));
    }

    [Fact]
    public void FlipMirrorsEachRow()
    {
        var image = Image(10, 8, (x, y) => (byte)(x * 20 + y));
        var view = Cut(image, new CropBox(3, 2, 7, 6), 4, flip: true);
        for (int j = 0; j < 4; j++) Assert.Equal((byte)((6 - j) * 20 + 2), view[j]);
    }

    [Fact]
    public void HalvingAveragesWithTheAntialiasedTriangleFilter()
    {
        // Red = 2x on a 64-px ramp. Shrinking 64 -> 32 uses a triangle of radius 2 source pixels: weights 1/8, 3/8, 3/8, 1/8
        // over x = 2j-1 .. 2j+2 (Pillow's antialiased bilinear), so view column j is 2 (16 j + 4) / 8 = 4 j + 1; at the left
        // edge the tap outside the image is dropped and the rest renormalised: (3 * 0 + 3 * 2 + 1 * 4) / 7 = 10 / 7 -> 1.
        var image = Image(64, 64, (x, _) => (byte)(2 * x));
        var view = Cut(image, CropBox.Whole(64, 64), 32);
        Assert.Equal(1, view[0]);
        for (int j = 1; j < 31; j++) Assert.Equal((byte)(4 * j + 1), view[5 * 32 + j]);
    }

    [Fact]
    public void ARegionOfAFullResolutionFrameIsResizedFromItsOwnPixelsNotFromAThumbnail()
    {
        // A 2048 x 1024 frame of fine detail (a hash pattern), as a Cityscapes frame with a paper-sized region of 40 x 40 px.
        var frame = Image(2048, 1024, (x, y) => (byte)((x * 7919 + y * 104729) % 251));
        var crop = new CropBox(1000, 500, 1040, 540);
        var view = Cut(frame, crop, 32);

        // Reference: the same antialiased resize computed directly in 2-D from the source pixels (scale 40 / 32 = 1.25, so
        // a triangle of radius 1.25 px around each output centre, weights renormalised).
        int worst = 0;
        for (int i = 0; i < 32; i++)
            for (int j = 0; j < 32; j++)
            {
                double cx = 1000 + (j + 0.5) * 1.25, cy = 500 + (i + 0.5) * 1.25, sum = 0, total = 0;
                for (int y = (int)(cy - 3); y <= (int)(cy + 3); y++)
                    for (int x = (int)(cx - 3); x <= (int)(cx + 3); x++)
                    {
                        double w = Math.Max(0, 1 - Math.Abs(x + 0.5 - cx) / 1.25) * Math.Max(0, 1 - Math.Abs(y + 0.5 - cy) / 1.25);
                        sum += w * ((x * 7919 + y * 104729) % 251);
                        total += w;
                    }
                worst = Math.Max(worst, Math.Abs(view[i * 32 + j] - (int)Math.Round(sum / total)));
            }
        Assert.InRange(worst, 0, 1);

        // The old path: the frame shrunk 8x onto a 256-px canvas, then the 5 x 5 canvas pixels of the region blown up to
        // 32 px. Its views lose the detail: on average they differ from the real view by over 10 levels (18.7 measured),
        // where the real view is within 1 level of the reference everywhere.
        var thumbnail = new byte[3 * 256 * 256];
        ImageResizer.ResizeOntoCanvas(frame.Pixels, 1024, 2048, 256, thumbnail);
        var blurred = Cut(new ImageSet(256, 256, thumbnail, new[] { new ImageSize(256, 128) }), new CropBox(125, 62.5f, 130, 67.5f), 32);
        double meanDifference = Enumerable.Range(0, 32 * 32).Average(k => Math.Abs(blurred[k] - view[k]));
        Assert.True(meanDifference > 10, $"a thumbnail view differs from the real one by only {meanDifference:F1} levels on average");
    }

    [Fact]
    public void ShrinkingAWholeFrameAveragesEveryPixel()
    {
        // A one-pixel checkerboard of 0 and 200: every antialiased 32-px view of the whole 2048 x 1024 frame is 100 everywhere.
        var frame = Image(2048, 1024, (x, y) => (byte)((x + y) % 2 == 0 ? 0 : 200));
        var view = Cut(frame, CropBox.Whole(2048, 1024), 32);
        Assert.All(view[..(32 * 32)], r => Assert.InRange(r, 99, 101));
    }

    [Fact]
    public void BlocksCutByTheImageEdgeAverageOnlyTheirOwnPixels()
    {
        // Red = 10 x + y on a 9 x 4 image shrunk to one pixel: scale 9 across (blocks of kx = floor(9 / 2) = 4
        // columns) and 4 down (ky = 2 rows). Columns 0-3, 4-7 and the edge block of column 8 alone average to x = 1.5, 5.5
        // and 8; rows 0-1 and 2-3 to y = 0.5 and 2.5. The triangle filter over the three blocks (radius 2.25 blocks around
        // 1.125) weighs them 13/35, 15/35 and 7/35, and over the two row blocks 1/2 each, so red is
        // 10 (13 * 1.5 + 15 * 5.5 + 7 * 8) / 35 + 1.5 = 46.64 -> 47. Had the edge block averaged four columns (beyond
        // the image) or been left out, red would differ.
        var image = Image(9, 4, (x, y) => (byte)(10 * x + y));
        var view = Cut(image, CropBox.Whole(9, 4), 1);
        Assert.Equal(new byte[] { 47, 10, 250 }, view);
    }

    [Fact]
    public void PaddingOfACanvasNeverEntersAView()
    {
        // An 8 x 4 image on an 8 x 8 canvas (black padding below). A crop touching the bottom edge samples only the image.
        var pixels = new byte[3 * 8 * 8];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 8; x++) pixels[y * 8 + x] = 200;
        var set = new ImageSet(8, 8, pixels, new[] { new ImageSize(8, 4) });
        var view = Cut(set, new CropBox(0, 0, 8, 4), 3);
        Assert.All(view[..9], r => Assert.Equal(200, r));
    }

    [Fact]
    public void ACropOutsideTheImageIsRefused()
    {
        var image = Image(10, 8, (_, _) => 0);
        Assert.Throws<ArgumentException>(() => Cut(image, new CropBox(5, 0, 12, 8), 4));
    }
}
