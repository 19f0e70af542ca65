using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>Measures the throughput of <see cref="ViewAugmenter"/> with Lightly's SimCLR views on random images.</summary>
public static class ViewAugmenterBenchmark
{
    /// <summary>
    /// Times <paramref name="iterations"/> calls of <see cref="ViewAugmenter.Apply(Tensor, ReadOnlySpan{CropBox}, ViewAugmentationOptions, Random)"/>
    /// on a batch of random square images (whole-image boxes, fixed seed), after one untimed warm-up call.
    /// </summary>
    /// <param name="batch">Images per call, e.g. 256.</param>
    /// <param name="inputSize">Side of the square input images in pixels, e.g. 160.</param>
    /// <param name="outputSize">Side of the square views in pixels, e.g. 128.</param>
    /// <param name="iterations">Timed calls, at least 1.</param>
    /// <param name="device">Where the images live; null means the CPU.</param>
    /// <returns>Views made per second.</returns>
    public static double Measure(int batch, int inputSize, int outputSize, int iterations, Device? device = null)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "Benchmark batch must be at least 1.");
        if (inputSize < 1) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Benchmark input size must be at least 1 pixel.");
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Benchmark needs at least 1 iteration.");
        var options = ViewAugmentationOptions.SimClr(outputSize);
        var rng = new Random(12345);
        var boxes = Enumerable.Repeat(CropBox.Whole(inputSize, inputSize), batch).ToArray();
        using var scope = NewDisposeScope();
        using var generator = new Generator(12345);
        var images = rand(new long[] { batch, 3, inputSize, inputSize }, generator: generator).to(device ?? CPU);
        ViewAugmenter.Apply(images, boxes, options, rng).Dispose();
        Synchronize(images.device);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < iterations; i++)
        {
            using var views = ViewAugmenter.Apply(images, boxes, options, rng);
            Synchronize(views.device);
        }
        return (double)batch * iterations / watch.Elapsed.TotalSeconds;
    }

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}
