using BenchmarkDotNet.Attributes;
using SamClr.MLNet.Data;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Benchmarks;

/// <summary>One view cut from a 2048x1024 frame and resized with antialiasing (the training path's inner loop).</summary>
[MemoryDiagnoser]
public class CropResizeBenchmarks
{
    private ImageSet _frame = null!;
    private ImageSet _small = null!;
    private readonly CropScratch _scratch = new();
    private byte[] _view = [];

    /// <summary>Output side of the view in pixels.</summary>
    [Params(32, 128)]
    public int ViewSize { get; set; }

    /// <summary>A random 2048x1024 frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rgb = new byte[3 * 2048 * 1024];
        new Random(0).NextBytes(rgb);
        _frame = ImageSet.FromInterleaved(rgb, new ImageSize(2048, 1024));
        var small = new byte[3 * 32 * 32];
        new Random(1).NextBytes(small);
        _small = ImageSet.FromInterleaved(small, new ImageSize(32, 32));
        _view = new byte[3 * ViewSize * ViewSize];
    }

    /// <summary>A whole-frame crop (SimCLR's largest case).</summary>
    [Benchmark]
    public void WholeFrame() => CropResizer.Cut(_frame, 0, new CropBox(0, 0, 2048, 1024), flip: false, ViewSize, _view, _scratch);

    /// <summary>A 200x150 crop, about a region box of the paper's 1000-px regions enlarged x1.3 on Cityscapes.</summary>
    [Benchmark]
    public void RegionCrop() => CropResizer.Cut(_frame, 0, new CropBox(900, 400, 1100, 550), flip: true, ViewSize, _view, _scratch);

    /// <summary>A 21x19 crop of a 32x32 image, enlarged (a CIFAR-size image's random resized crop).</summary>
    [Benchmark]
    public void SmallImageCrop() => CropResizer.Cut(_small, 0, new CropBox(5.5f, 7.25f, 26.5f, 26.25f), flip: true, ViewSize, _view, _scratch);
}
