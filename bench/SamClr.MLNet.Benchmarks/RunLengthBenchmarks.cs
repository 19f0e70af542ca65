using BenchmarkDotNet.Attributes;
using SamClr.MLNet.Regions;

namespace SamClr.MLNet.Benchmarks;

/// <summary>COCO run-length encoding of a SAM mask at Cityscapes size, and its compressed string.</summary>
[MemoryDiagnoser]
public class RunLengthBenchmarks
{
    private BinaryMask _mask = null!;
    private CocoRle _rle = null!;

    /// <summary>A 2048x1024 mask holding an ellipse of about 3 % of the frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var pixels = new bool[2048 * 1024];
        for (int y = 0; y < 1024; y++)
            for (int x = 0; x < 2048; x++)
                pixels[y * 2048 + x] = Math.Pow((x - 1000) / 300.0, 2) + Math.Pow((y - 500) / 120.0, 2) <= 1;
        _mask = new BinaryMask(2048, 1024, pixels);
        _rle = CocoRle.Encode(_mask);
    }

    /// <summary>Mask to column-major run lengths.</summary>
    [Benchmark]
    public CocoRle Encode() => CocoRle.Encode(_mask);

    /// <summary>Run lengths to pycocotools' compressed string.</summary>
    [Benchmark]
    public string CompressedString() => _rle.ToCompressedString();
}
