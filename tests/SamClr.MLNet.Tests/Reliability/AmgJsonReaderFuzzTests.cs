using System.Text;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using Xunit;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Issue 7 item 5: the AMG JSON reader under mutated amg.py files and random bytes either returns regions or throws
/// <see cref="InvalidDataException"/> naming the source.
/// </summary>
public class AmgJsonReaderFuzzTests
{
    private const int Cases = 2000;

    [Fact]
    public void Read_MutatedValidFiles_ParseOrThrowInvalidData()
    {
        var random = new Random(711);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            byte[] valid = ValidFile(random);
            byte[] input = random.Next(2) == 0
                ? FuzzInputs.Mutate(valid, random)
                : Encoding.UTF8.GetBytes(FuzzInputs.Mutate(Encoding.UTF8.GetString(valid), random));
            var error = Read($"seed 711, case {i}", input, random.Next(2) == 0 ? AmgAreaCheck.Error : AmgAreaCheck.Warn);
            if (error == null) parsed++; else rejected++;
        }
        Assert.True(parsed > 0 && rejected > 0, $"parsed {parsed}, rejected {rejected}");
    }

    [Fact]
    public void Read_RandomBytesAndDeepNesting_ThrowInvalidData()
    {
        var random = new Random(712);
        for (int i = 0; i < Cases; i++)
        {
            byte[] input = FuzzInputs.RandomBytes(random, random.Next(0, 200));
            Read($"seed 712, case {i}", input, AmgAreaCheck.Error);
        }
        // Nesting far past System.Text.Json's default depth of 64 must be a clear error, not a stack overflow.
        var deep = Encoding.ASCII.GetBytes(new string('[', 100_000) + new string(']', 100_000));
        Assert.NotNull(Read("100,000 nested lists", deep, AmgAreaCheck.Error));
    }

    [Theory]
    [InlineData("[{\"segmentation\": {\"size\": [2147483647, 2147483647], \"counts\": \"0\"}}]")]
    [InlineData("[{\"segmentation\": {\"size\": [1e400, 3], \"counts\": \"0\"}}]")]
    [InlineData("[{\"segmentation\": {\"size\": [3, 3], \"counts\": [9]}, \"area\": 1e30}]")]
    [InlineData("[{\"segmentation\": {\"size\": [3, 3], \"counts\": [9]}, \"point_coords\": 5}]")]
    [InlineData("[{\"segmentation\": {\"size\": [3, 3], \"counts\": [9]}, \"crop_box\": {\"x\": 1}}]")]
    [InlineData("[{\"segmentation\": {\"size\": [3, 3], \"counts\": [9]}, \"predicted_iou\": \"high\"}]")]
    [InlineData("[{\"segmentation\": {\"size\": [3, 3], \"counts\": [9, 4294967296]}}]")]
    [InlineData("[{\"segmentation\": {\"size\": [\"3\", 3], \"counts\": [9]}}]")]
    public void Read_WrongTypesAndHugeNumbers_ThrowInvalidData(string json)
    {
        Assert.NotNull(Read(json, Encoding.UTF8.GetBytes(json), AmgAreaCheck.Error));
    }

    private static Exception? Read(string name, byte[] input, AmgAreaCheck check) =>
        FuzzCase.Run(name, () =>
        {
            using var stream = new MemoryStream(input, writable: false);
            var regions = AmgJsonReader.Read(stream, "fuzz.json", areaCheck: check, warnings: new ImportWarnings());
            Assert.All(regions, r => Assert.Equal((long)r.Mask.Height * r.Mask.Width, r.Mask.Counts.Sum(c => (long)c)));
        }, typeof(InvalidDataException));

    /// <summary>An amg.py-style file of 0..3 records on one image size, as <see cref="AmgJsonWriter"/> writes it.</summary>
    private static byte[] ValidFile(Random random)
    {
        var (first, height, width) = CocoRleFuzzTests.ValidMask(random);
        var regions = new List<Region>();
        int count = random.Next(0, 4);
        for (int r = 0; r < count; r++)
        {
            // Later masks: the first `set` pixels (column-major) unset, the rest set.
            int set = random.Next(height * width + 1);
            var mask = r == 0 ? first : CocoRle.FromCounts(new[] { height * width - set, set }, height, width);
            regions.Add(new Region(mask, (float)random.NextDouble(), (float)random.NextDouble(),
                random.Next(2) == 0 ? (random.Next(width), random.Next(height)) : null,
                random.Next(2) == 0 ? new SamClr.MLNet.Data.CropBox(0, 0, width, height) : null));
        }
        using var stream = new MemoryStream();
        AmgJsonWriter.Write(stream, regions);
        return stream.ToArray();
    }
}
