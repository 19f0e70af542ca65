using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Methods.SwAV;

[Collection(SequentialCollection.Name)]
public class SwAVEstimatorTests
{
    [Fact]
    public void TrainsThroughTheCatalogWithFallingLoss()
    {
        var ml = new MLContext(seed: 1);
        var scenes = TinyTraining.Scenes();
        var options = new SwAVOptions
        {
            Backbone = "small-cnn",
            ViewSize = 16,
            PrototypeCount = 16,
            ProjectionHiddenDimension = 64,
            ProjectionOutputDimension = 32,
            LocalViewCount = 2,
            GlobalAugmentation = TinyTraining.MildViews(16, 0.5),
            LocalAugmentation = new ViewAugmentationOptions { OutputSize = 8, MinScale = 0.2, MaxScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 },
            Training = new PretrainingOptions { Epochs = 8, BatchSize = 16, BaseLearningRate = 0.1, Seed = 2, Device = ComputeDevice.Cpu },
        };
        using var featurizer = ml.Transforms.SwAV(options).Fit(scenes.Images.ToDataView(ml));
        var losses = featurizer.History!.EpochLosses;
        Assert.True(losses.TakeLast(2).Average() < losses.Take(2).Average() - 0.05f, $"Loss should fall: {string.Join(", ", losses)}");
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAndPrototypesStayNormalised()
    {
        var images = PretrainerTests.BlockImages();
        torch.random.manual_seed(3);
        using var method = new SwAVMethod(new SmallCnn(8), TinyTraining.MildViews(16, 0.5), TinyTraining.MildViews(8, 0.2), globalViewCount: 2, localViewCount: 2,
            prototypeCount: 8, hiddenDimension: 32, outputDimension: 16);
        var boxes = new WholeImageBoxSource(images);
        var options = new PretrainingOptions { Epochs = 2, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu };
        Pretrainer.Train(method, images, boxes, options, torch.CPU);
        long afterShortRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        options.Epochs = 6;
        Pretrainer.Train(method, images, boxes, options, torch.CPU);
        Assert.Equal(afterShortRun, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        method.Prototypes.Normalize();
        using var norms = method.Prototypes.Weight.norm(1);
        Assert.All(norms.data<float>().ToArray(), n => Assert.Equal(1f, n, 5));
    }

    [Fact]
    public void DefaultsFollowLightlysBenchmark()
    {
        var options = new SwAVOptions();
        options.Validate();
        Assert.Equal(3000, options.PrototypeCount);
        Assert.Equal(64, options.EffectiveLocalAugmentation.OutputSize);
        Assert.Equal((0.14, 1.0), (options.EffectiveGlobalAugmentation.MinScale, options.EffectiveGlobalAugmentation.MaxScale));
        Assert.Equal((0.05, 0.14), (options.EffectiveLocalAugmentation.MinScale, options.EffectiveLocalAugmentation.MaxScale));
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var ml = new MLContext(seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.SwAV(new SwAVOptions { PrototypeCount = 0 }));
        Assert.Throws<ArgumentException>(() => ml.Transforms.SwAV(new SwAVOptions { GlobalViewCount = 1, LocalViewCount = 0 }));
        Assert.Throws<ArgumentException>(() => ml.Transforms.SwAV(new SwAVOptions { LocalAugmentation = new ViewAugmentationOptions { OutputSize = 32 } }));
        Assert.Throws<ArgumentException>(() => ml.Transforms.SwAV(new SwAVOptions
        {
            LocalAugmentation = new ViewAugmentationOptions { OutputSize = 64, Normalize = false },
        }));
    }
}
