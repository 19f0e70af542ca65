using BenchmarkDotNet.Attributes;
using SamClr.MLNet.Data;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Benchmarks;

/// <summary>
/// The CPU colour steps of 256 views (<see cref="CpuColorSteps.Sample"/>, each sample on its own planes) on one thread
/// against every logical core: how much a second thread adds to vectorised per-sample work on this machine, which bounds
/// what batched CPU views can gain over one image per call.
/// </summary>
public class ParallelScalingBenchmarks
{
    private const int Batch = 256;
    private float[] _views = [];
    private ViewParameters _parameters = null!;
    private ViewAugmentationOptions _options = null!;

    /// <summary>View side in pixels: 32 px views (3 MB in all) stay in cache, 128-px views (50 MB) do not.</summary>
    [Params(32, 128)]
    public int ViewSize { get; set; }

    /// <summary>Random views in [0, 1] and SimCLR's parameters for them, without normalisation (so repeats stay in range).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        _views = new float[Batch * 3 * ViewSize * ViewSize];
        for (int i = 0; i < _views.Length; i++) _views[i] = random.NextSingle();
        _options = ViewAugmentationOptions.SimClr(ViewSize);
        _options.Normalize = false;
        _parameters = ViewParameters.Draw(Enumerable.Repeat(CropBox.Whole(ViewSize, ViewSize), Batch).ToArray(), _options, random);
    }

    /// <summary>Every sample in turn on the calling thread.</summary>
    [Benchmark(Baseline = true)]
    public void OneThread()
    {
        for (int i = 0; i < Batch; i++) Sample(i);
    }

    /// <summary>Samples in parallel on every logical core.</summary>
    [Benchmark]
    public void AllCores() => Parallel.For(0, Batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, Sample);

    private void Sample(int i)
    {
        int plane = 3 * ViewSize * ViewSize;
        CpuColorSteps.Sample(_views.AsSpan(i * plane, plane), ViewSize, ViewSize, _parameters, i, _options);
    }
}
