using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Training;

[Collection(SequentialCollection.Name)]
public class PretrainerTests
{
    /// <summary>16 tiny images of coloured blocks: enough structure for the contrastive loss to have something to learn.</summary>
    internal static ImageSet BlockImages(int count = 16, int size = 24, int seed = 1)
    {
        var rng = new Random(seed);
        var pixels = new byte[count * 3 * size * size];
        for (int n = 0; n < count; n++)
        for (int c = 0; c < 3; c++)
        {
            int block = rng.Next(4, 12);
            byte a = (byte)rng.Next(256), b = (byte)rng.Next(256);
            for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                pixels[((n * 3 + c) * size + y) * size + x] = ((x / block + y / block) % 2 == 0) ? a : b;
        }
        return new ImageSet(size, size, pixels);
    }

    private static (SimClrMethod Method, PretrainingOptions Options) TinySetup(int epochs)
    {
        torch.random.manual_seed(3);
        // Mild views (large crops, light jitter) so that a few steps are enough to learn them.
        var views = new ViewAugmentationOptions { OutputSize = 16, MinScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 };
        var method = new SimClrMethod(new SmallCnn(8), views, 0.5, 32, 16);
        var options = new PretrainingOptions { Epochs = epochs, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu };
        return (method, options);
    }

    [Fact]
    public void LossFallsOverAShortRun()
    {
        var images = BlockImages();
        var (method, options) = TinySetup(epochs: 12);
        using (method)
        {
            var history = Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU);
            Assert.Equal(24, history.StepLosses.Count);
            Assert.Equal(12, history.EpochLosses.Count);
            float first = history.EpochLosses.Take(3).Average(), last = history.EpochLosses.TakeLast(3).Average();
            Assert.True(last < first - 0.1f, $"Loss should fall: first epochs {first:F3}, last epochs {last:F3}.");
        }
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAcrossEpochs()
    {
        var images = BlockImages();
        var (method, options) = TinySetup(epochs: 2);
        using (method)
        {
            var boxes = new WholeImageBoxSource(images);
            Pretrainer.Train(method, images, boxes, options, torch.CPU);
            long afterShortRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            options.Epochs = 6;
            Pretrainer.Train(method, images, boxes, options, torch.CPU);
            long afterLongRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            // Counted on this thread only (other tests run in parallel). The optimiser's momentum buffers are created and
            // freed per run, so three times more steps must leave the same count.
            Assert.Equal(afterShortRun, afterLongRun);
        }
    }

    [Fact]
    public void SameSeedGivesSameLosses()
    {
        var images = BlockImages();
        float[] Run()
        {
            var (method, options) = TinySetup(epochs: 2);
            using (method) return Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU).StepLosses.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void CancellationStopsBeforeTheNextStep()
    {
        var images = BlockImages();
        var (method, options) = TinySetup(epochs: 50);
        using var cts = new CancellationTokenSource();
        int steps = 0;
        var progress = new SynchronousProgress(p => { if (++steps == 3) cts.Cancel(); });
        using (method)
            Assert.Throws<OperationCanceledException>(() =>
                Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU, progress, cancellation: cts.Token));
        Assert.Equal(3, steps);
    }

    private sealed class SynchronousProgress(Action<PretrainingProgress> onReport) : IProgress<PretrainingProgress>
    {
        public void Report(PretrainingProgress value) => onReport(value);
    }
}
