using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamMaskRleTests
{
    [Fact]
    public void AWholeImageMaskGivesColumnMajorRuns()
    {
        // 3 x 2 logits, row-major:   row 0: 1 -1  1      column-major order: (0,0)=1 (0,1)=1 | (1,0)=0 (1,1)=1 | (2,0)=1 (2,1)=0
        //                            row 1: 1  1 -1      -> bits 1 1 0 1 1 0 -> runs 0 zeros, 2 ones, 1 zero, 2 ones, 1 zero.
        float[] logits = [1, -1, 1, 1, 1, -1];
        var rle = SamMaskRle.Encode(logits, new SamCrop(0, 0, 3, 2, 0), 3, 2, 0f);
        Assert.Equal([0, 2, 1, 2, 1], rle.Counts);
    }

    [Fact]
    public void ACropMaskIsPlacedInsideTheImage()
    {
        // 2 x 2 crop at (1, 1) of a 4 x 3 image, mask pixels at crop (0,0) and (1,1) -> image (1,1) and (2,2).
        // Column-major over 4 columns of 3: column 0: 000, column 1: 010, column 2: 001, column 3: 000
        // -> bits 000 010 001 000 -> runs 4 zeros, 1 one, 3 zeros, 1 one, 3 zeros.
        float[] logits = [5, -5, -5, 5];
        var rle = SamMaskRle.Encode(logits, new SamCrop(1, 1, 3, 3, 1), 4, 3, 0f);
        Assert.Equal([4, 1, 3, 1, 3], rle.Counts);
        Assert.Equal(rle.Counts, CocoRle.Encode(rle.Decode()).Counts);
    }

    [Fact]
    public void MatchesEncodingTheUncroppedMaskOnRandomCrops()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            int w = random.Next(1, 9), h = random.Next(1, 9);
            int x0 = random.Next(0, w), y0 = random.Next(0, h);
            var crop = new SamCrop(x0, y0, random.Next(x0 + 1, w + 1), random.Next(y0 + 1, h + 1), 1);
            var logits = Enumerable.Range(0, crop.Width * crop.Height).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            var full = new BinaryMask(w, h);
            for (int y = 0; y < crop.Height; y++)
                for (int x = 0; x < crop.Width; x++)
                    full[crop.X0 + x, crop.Y0 + y] = logits[y * crop.Width + x] > 0;
            Assert.Equal(CocoRle.Encode(full).Counts, SamMaskRle.Encode(logits, crop, w, h, 0f).Counts);
        }
    }
}
