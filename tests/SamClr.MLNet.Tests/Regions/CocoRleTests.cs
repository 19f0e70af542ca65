using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions;

public class CocoRleTests
{
    /// <summary>
    /// A 4-wide, 3-high mask (rows top to bottom):
    /// <code>
    /// y0: 0 1 1 0
    /// y1: 0 1 0 0
    /// y2: 1 1 0 1
    /// </code>
    /// </summary>
    private static BinaryMask Hand3x4()
    {
        var mask = new BinaryMask(4, 3);
        mask[1, 0] = mask[2, 0] = true;
        mask[1, 1] = true;
        mask[0, 2] = mask[1, 2] = mask[3, 2] = true;
        return mask;
    }

    [Fact]
    public void EncodesAHandMadeMaskColumnMajorStartingWithZeros()
    {
        // Columns read top to bottom: x0 = 0 0 1, x1 = 1 1 1, x2 = 1 0 0, x3 = 0 0 1.
        // Joined: 0 0 | 1 1 1 1 1 | 0 0 0 0 | 1  -> runs [2, 5, 4, 1] (sum 12 = 3 x 4), area 5 + 1 = 6.
        var rle = CocoRle.Encode(Hand3x4());
        Assert.Equal(new[] { 2, 5, 4, 1 }, rle.Counts);
        Assert.Equal(3, rle.Height);
        Assert.Equal(4, rle.Width);
        Assert.Equal(6, rle.Area);
        Assert.Equal(new CropBox(0, 0, 4, 3), rle.BoundingBox);
    }

    [Fact]
    public void AMaskStartingWithASetPixelHasALeadingZeroRun()
    {
        // 2 x 2, only (0, 0) set: column-major 1 0 0 0 -> runs [0, 1, 3].
        var mask = new BinaryMask(2, 2) { [0, 0] = true };
        Assert.Equal(new[] { 0, 1, 3 }, CocoRle.Encode(mask).Counts);
        // All set: runs [0, 4]; none set: runs [4].
        Assert.Equal(new[] { 0, 4 }, CocoRle.Encode(new BinaryMask(2, 2, new[] { true, true, true, true })).Counts);
        Assert.Equal(new[] { 4 }, CocoRle.Encode(new BinaryMask(2, 2)).Counts);
    }

    [Fact]
    public void DecodesHandWrittenRunsBackToTheMask()
    {
        var decoded = CocoRle.FromCounts(new[] { 2, 5, 4, 1 }, height: 3, width: 4).Decode();
        Assert.Equal(Hand3x4().ToRowMajor(), decoded.ToRowMajor());
        // Zero-length runs in the middle and at the end: [1, 0, 2, 3, 0] on 3 wide x 2 high is column-major
        // 0 | (none) | 0 0 | 1 1 1 | (none) = 0 0 0 1 1 1: column 0 = (0, 0), column 1 = (0, 1), column 2 = (1, 1).
        var zeros = CocoRle.FromCounts(new[] { 1, 0, 2, 3, 0 }, height: 2, width: 3).Decode();
        Assert.Equal(new[] { false, false, true, false, true, true }, zeros.ToRowMajor());
    }

    [Fact]
    public void RandomMasksRoundTripThroughRunsAndStrings()
    {
        // Widths up to 99 cover the SIMD row comparison (16 to 64 bytes per vector) and its scalar tail.
        var random = new Random(7);
        for (int trial = 0; trial < 60; trial++)
        {
            int w = random.Next(1, 100), h = random.Next(1, 40);
            double density = random.NextDouble();
            var bits = new bool[w * h];
            for (int i = 0; i < bits.Length; i++)
                bits[i] = random.NextDouble() < density;
            var mask = new BinaryMask(w, h, bits);
            var rle = CocoRle.Encode(mask);
            Assert.Equal(bits, rle.Decode().ToRowMajor());
            Assert.Equal(mask.Area, rle.Area);
            Assert.Equal(mask.BoundingBox, rle.BoundingBox);
            var parsed = CocoRle.FromCompressedString(rle.ToCompressedString(), h, w);
            Assert.Equal(rle.Counts, parsed.Counts);
        }
    }

    [Fact]
    public void CompressedStringOfSmallRunsIsOneCharacterPerRun()
    {
        // Counts [3, 2, 5]: runs 0..2 are written as they are. Each is below 16, so one group with no 'more' (0x20) and
        // no sign (0x10): '0' + 3 = '3', '0' + 2 = '2', '0' + 5 = '5'.
        var rle = CocoRle.FromCounts(new[] { 3, 2, 5 }, height: 2, width: 5);
        Assert.Equal("325", rle.ToCompressedString());
        Assert.Equal(new[] { 3, 2, 5 }, CocoRle.FromCompressedString("325", 2, 5).Counts);
    }

    [Fact]
    public void CompressedStringUsesTwoGroupsAndNegativeDifferences()
    {
        // Counts [0, 50, 10, 10] (7 x 10 = 70 pixels):
        // run 0 = 0  -> group 0, done: '0'.
        // run 1 = 50 = 1 * 32 + 18 -> low group 18 with 'more' = 18 + 32 = 50 -> '0' + 50 = 'b'; then 1 -> '1'.
        // run 2 = 10 -> ':' ('0' + 10).
        // run 3 is stored as 10 - 50 (the run two before) = -40. -40 & 31 = 24 (-40 = -2 * 32 + 24), rest -40 >> 5 = -2;
        //   24 has the sign bit 0x10 but the rest is not -1, so 'more': 24 + 32 = 56 -> 'h'. Then -2 & 31 = 30, rest -1,
        //   30 has 0x10 and the rest is -1: last group, '0' + 30 = 'N'.
        // Decoding 'hN': 24 | 30 << 5 = 984, sign-extended above bit 10: 984 - 1024 = -40, plus run 1 (50) = 10.
        var rle = CocoRle.FromCounts(new[] { 0, 50, 10, 10 }, height: 7, width: 10);
        Assert.Equal("0b1:hN", rle.ToCompressedString());
        Assert.Equal(new[] { 0, 50, 10, 10 }, CocoRle.FromCompressedString("0b1:hN", 7, 10).Counts);
    }

    [Fact]
    public void SixteenNeedsASecondGroupBecauseOfTheSignBit()
    {
        // 16 = 0b10000: the single group 16 would read as negative (sign bit 0x10), so it is written as 16 + 32 = 48 -> '`'
        // followed by a 0 group -> '0'. Counts [16, 4] (4 x 5 = 20 pixels) -> "`04".
        var rle = CocoRle.FromCounts(new[] { 16, 4 }, height: 4, width: 5);
        Assert.Equal("`04", rle.ToCompressedString());
        Assert.Equal(new[] { 16, 4 }, CocoRle.FromCompressedString("`04", 4, 5).Counts);
    }

    [Theory]
    // Strings written by pycocotools' mask.encode for a 25 x 25 mask with mask[a:b, a:b] = 1 (fixtures of the
    // pytorchcocotools test-suite, which compares against pycocotools). Checked by hand:
    // [0:5, 0:5]: runs [0, 5, 20, 5, 20, 5, 20, 5, 20, 5, 520] (520 = 20 after column 4 + 20 columns x 25).
    //   '0', '5', 20 -> "d0" (20 has the sign bit: 20 + 32 = 52 = 'd', then '0'), runs 3..9 are differences 0 -> seven '0',
    //   run 10: 520 - 20 = 500 = 15 * 32 + 20 -> 'd' (20 + 32), '?' (15)  => "05d00000000d?".
    // [5:10, 5:10]: first run 5 * 25 + 5 = 130 = 4 * 32 + 2 -> 'R' (2 + 32 + 48 = 82), '4'; last run 15 + 15 * 25 = 390,
    //   390 - 20 = 370 = 11 * 32 + 18 -> 'b' (18 + 32), ';' (11)  => "R45d00000000b;".
    // [20:25, 20:25]: first run 20 * 25 + 20 = 520 = 16 * 32 + 8 -> 'X' (8 + 32), then 16 -> '`' (16 + 32), '0';
    //   the mask ends with set pixels, so there are only 10 runs  => "X`05d00000000".
    [InlineData(0, 5, "05d00000000d?")]
    [InlineData(5, 10, "R45d00000000b;")]
    [InlineData(20, 25, "X`05d00000000")]
    public void MatchesStringsWrittenByPycocotools(int from, int to, string expected)
    {
        var mask = new BinaryMask(25, 25);
        for (int y = from; y < to; y++)
            for (int x = from; x < to; x++)
                mask[x, y] = true;
        var rle = CocoRle.Encode(mask);
        Assert.Equal(expected, rle.ToCompressedString());
        var parsed = CocoRle.FromCompressedString(expected, 25, 25);
        Assert.Equal(mask.ToRowMajor(), parsed.Decode().ToRowMajor());
        Assert.Equal(25, parsed.Area);
        Assert.Equal(new CropBox(from, from, to, to), parsed.BoundingBox);
    }

    [Fact]
    public void UncompressedCountsAreValidated()
    {
        var ok = CocoRle.FromCounts(new[] { 1, 0, 2, 3 }, height: 2, width: 3);
        Assert.Equal(3, ok.Area);
        var sum = Assert.Throws<InvalidDataException>(() => CocoRle.FromCounts(new[] { 2, 5, 4 }, 3, 4));
        Assert.Contains("sum to 11", sum.Message);
        var negative = Assert.Throws<InvalidDataException>(() => CocoRle.FromCounts(new[] { 13, -1 }, 3, 4));
        Assert.Contains("negative", negative.Message);
        Assert.Throws<InvalidDataException>(() => CocoRle.FromCounts(new[] { 0 }, 0, 4));
    }

    [Fact]
    public void BadCompressedStringsAreRejectedWithTheReason()
    {
        // '!' (33) is below '0'.
        Assert.Contains("outside '0'..'o'", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("3!5", 2, 5)).Message);
        // 'p' (112) is above 'o'.
        Assert.Contains("outside '0'..'o'", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("3p", 2, 5)).Message);
        // 'T' = 36 = 4 | 0x20: a group that says more follows, then the string ends.
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("3T", 2, 5)).Message);
        // "32" sums to 5, not 10.
        Assert.Contains("sum to 5", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("32", 2, 5)).Message);
        // Run 3 = 'L' (-4) + run 1 (2) = -2.
        Assert.Contains("outside 0..", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("325L", 2, 5)).Message);
        // Eight 'more' groups: longer than any int-sized run.
        Assert.Contains("groups", Assert.Throws<InvalidDataException>(() => CocoRle.FromCompressedString("oooooooo0", 2, 5)).Message);
    }

    [Fact]
    public void IntersectionAreaMatchesDecodeAndCount()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 40; trial++)
        {
            int w = random.Next(1, 30), h = random.Next(1, 30);
            bool[] a = RandomBits(random, w * h), b = RandomBits(random, w * h);
            int expected = 0;
            for (int i = 0; i < a.Length; i++)
                if (a[i] && b[i])
                    expected++;
            var ra = CocoRle.Encode(new BinaryMask(w, h, a));
            var rb = CocoRle.Encode(new BinaryMask(w, h, b));
            Assert.Equal(expected, CocoRle.IntersectionArea(ra, rb));
            Assert.Equal(expected, CocoRle.IntersectionArea(rb, ra));
            Assert.Equal(ra.Area, CocoRle.IntersectionArea(ra, ra));
        }
    }

    [Fact]
    public void IntersectionHandlesZeroLengthRunsAndRejectsSizeMismatch()
    {
        // [1, 0, 2, 3] on 2 x 3: column-major 0 0 0 1 1 1 (the zero-length run merges the zeros);
        // [0, 4, 2]: 1 1 1 1 0 0. Overlap: positions 3 -> 1 pixel.
        var a = CocoRle.FromCounts(new[] { 1, 0, 2, 3 }, 2, 3);
        var b = CocoRle.FromCounts(new[] { 0, 4, 2 }, 2, 3);
        Assert.Equal(1, CocoRle.IntersectionArea(a, b));
        Assert.Throws<ArgumentException>(() => CocoRle.IntersectionArea(a, CocoRle.FromCounts(new[] { 6 }, 3, 2)));
    }

    [Fact]
    public void BoundingBoxFromRunsCoversWrappingRuns()
    {
        // 3 high, 3 wide; run of ones at column-major positions 2..3 = (x0, y2) and (x1, y0): it wraps from the
        // bottom of column 0 to the top of column 1, so the box spans rows 0..2 and columns 0..1 -> (0, 0, 2, 3).
        var wrap = CocoRle.FromCounts(new[] { 2, 2, 5 }, 3, 3);
        Assert.Equal(new CropBox(0, 0, 2, 3), wrap.BoundingBox);
        Assert.Equal(wrap.Decode().BoundingBox, wrap.BoundingBox);
        // One pixel at (2, 1): position 2 * 3 + 1 = 7 -> runs [7, 1, 1]; box (2, 1, 3, 2).
        Assert.Equal(new CropBox(2, 1, 3, 2), CocoRle.FromCounts(new[] { 7, 1, 1 }, 3, 3).BoundingBox);
        Assert.Null(CocoRle.FromCounts(new[] { 9 }, 3, 3).BoundingBox);
    }

    private static bool[] RandomBits(Random random, int length)
    {
        double density = random.NextDouble();
        var bits = new bool[length];
        for (int i = 0; i < length; i++)
            bits[i] = random.NextDouble() < density;
        return bits;
    }
}
