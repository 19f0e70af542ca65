using SamClr.MLNet.Regions;
using Xunit;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Issue 7 item 5: the COCO RLE decoder under random and mutated input either decodes a mask whose runs cover its size
/// or throws <see cref="InvalidDataException"/>.
/// </summary>
public class CocoRleFuzzTests
{
    private const int Cases = 3000;

    [Fact]
    public void FromCompressedString_MutatedValidStrings_ParseOrThrowInvalidData()
    {
        var random = new Random(701);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (valid, height, width) = ValidMask(random);
            string input = FuzzInputs.Mutate(valid.ToCompressedString(), random);
            // Sizes are sometimes mutated too, including to 0, negative and int-overflowing products.
            if (random.Next(8) == 0) (height, width) = MutatedSize(random, height, width);
            var error = FuzzCase.Run($"seed 701, case {i}, '{input}' [{height}, {width}]",
                () => CheckDecoded(CocoRle.FromCompressedString(input, height, width), height, width), typeof(InvalidDataException));
            if (error == null) parsed++; else rejected++;
        }
        // A fuzz test that never reaches both outcomes would test nothing; with these mutations most inputs are rejected.
        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}");
    }

    [Fact]
    public void FromCompressedString_RandomStrings_ParseOrThrowInvalidData()
    {
        var random = new Random(702);
        for (int i = 0; i < Cases; i++)
        {
            int length = random.Next(0, 64);
            // Mostly characters of the COCO alphabet '0'..'o' (48..111), sometimes any character.
            var chars = new char[length];
            for (int c = 0; c < length; c++)
                chars[c] = random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : (char)random.Next(48, 112);
            string input = new(chars);
            int height = random.Next(1, 40), width = random.Next(1, 40);
            FuzzCase.Run($"seed 702, case {i}, '{input}' [{height}, {width}]",
                () => CheckDecoded(CocoRle.FromCompressedString(input, height, width), height, width), typeof(InvalidDataException));
        }
    }

    [Fact]
    public void FromCounts_MutatedAndRandomRuns_ParseOrThrowInvalidData()
    {
        var random = new Random(703);
        for (int i = 0; i < Cases; i++)
        {
            var (valid, height, width) = ValidMask(random);
            var counts = valid.Counts.ToList();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(counts.Count + 1);
                switch (random.Next(5))
                {
                    case 0 when at < counts.Count: counts[at] = random.Next(-3, 3); break;
                    case 1 when at < counts.Count: counts[at] = random.Next(2) == 0 ? int.MaxValue : int.MinValue; break;
                    case 2: counts.Insert(at, random.Next(0, 50)); break;
                    case 3 when at < counts.Count: counts.RemoveAt(at); break;
                    default: if (random.Next(2) == 0) (height, width) = MutatedSize(random, height, width); break;
                }
            }
            var input = counts.ToArray();
            FuzzCase.Run($"seed 703, case {i}, [{string.Join(",", input)}] [{height}, {width}]",
                () => CheckDecoded(CocoRle.FromCounts(input, height, width), height, width), typeof(InvalidDataException));
        }
    }

    [Fact]
    public void FromCompressedString_HugeSizeOrRun_IsRejectedBeforeAllocating()
    {
        // 46341 x 46341 = 2,147,488,281 pixels, just over int.MaxValue: rejected by the size check.
        FuzzCase.Run("size over int.MaxValue pixels", () => CocoRle.FromCompressedString("0", 46341, 46341), typeof(InvalidDataException));
        // Seven groups that all say "more follows" (o = 63 = 0x20 | 0x1F) would need more than 35 bits: rejected.
        var error = FuzzCase.Run("35-bit run", () => CocoRle.FromCompressedString("ooooooo0", 10, 10), typeof(InvalidDataException));
        Assert.NotNull(error);
    }

    /// <summary>A valid mask of 1..24 x 1..24 pixels with random runs.</summary>
    internal static (CocoRle Mask, int Height, int Width) ValidMask(Random random)
    {
        int height = random.Next(1, 25), width = random.Next(1, 25);
        var pixels = new bool[height * width];
        double density = random.NextDouble();
        for (int p = 0; p < pixels.Length; p++) pixels[p] = random.NextDouble() < density;
        return (CocoRle.Encode(new BinaryMask(width, height, pixels)), height, width);
    }

    private static (int Height, int Width) MutatedSize(Random random, int height, int width) => random.Next(4) switch
    {
        0 => (0, width),
        1 => (height, -width),
        2 => (int.MaxValue, width + 1),
        _ => (height + 1, width),
    };

    /// <summary>What a successful parse promises: positive size, non-negative runs that sum to height x width, and a decodable mask.</summary>
    private static void CheckDecoded(CocoRle mask, int height, int width)
    {
        Assert.Equal(height, mask.Height);
        Assert.Equal(width, mask.Width);
        Assert.All(mask.Counts, run => Assert.True(run >= 0));
        Assert.Equal((long)height * width, mask.Counts.Sum(c => (long)c));
        Assert.Equal(mask.Area, mask.Decode().ToRowMajor().Count(p => p));
    }
}
