using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

[Collection(SequentialCollection.Name)]
public class MultiCropSimClrTests
{
    /// <summary>The authors' variant shrunk to 16 px global and 8 px local views, with mild colours and no blur.</summary>
    private static MultiCropOptions MildViews()
    {
        var views = MultiCropOptions.SamClrCodeVariant(16, 8);
        views.LocalViewCount = 2;
        views.FirstGlobalBlurProbability = views.SecondGlobalBlurProbability = views.LocalBlurProbability = 0;
        views.Augmentation.ColorJitterStrength = 0.2;
        return views;
    }

    private static (MultiCropSimClrMethod Method, PretrainingOptions Options) TinySetup(int epochs)
    {
        torch.random.manual_seed(3);
        var method = new MultiCropSimClrMethod(new SmallCnn(8), MildViews(), 0.5, 32, 16);
        return (method, new PretrainingOptions { Epochs = epochs, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu });
    }

    [Fact]
    public void LossFallsOverAShortRun()
    {
        var images = PretrainerTests.BlockImages();
        var (method, options) = TinySetup(epochs: 12);
        using (method)
        {
            var history = Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU);
            float first = history.EpochLosses.Take(3).Average(), last = history.EpochLosses.TakeLast(3).Average();
            Assert.True(last < first - 0.1f, $"Loss should fall: {string.Join(", ", history.EpochLosses.Select(l => l.ToString("F3")))}");
        }
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAcrossEpochs()
    {
        var images = PretrainerTests.BlockImages();
        var (method, options) = TinySetup(epochs: 2);
        using (method)
        {
            var boxes = new WholeImageBoxSource(images);
            Pretrainer.Train(method, images, boxes, options, torch.CPU);
            long afterShortRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            options.Epochs = 6;
            Pretrainer.Train(method, images, boxes, options, torch.CPU);
            Assert.Equal(afterShortRun, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
    }
}
