using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Methods.MoCo;

[Collection(SequentialCollection.Name)]
public class MoCoEstimatorTests
{
    private static MoCoMethod TinyMethod(MomentumSchedule momentum)
    {
        torch.random.manual_seed(3);
        return new MoCoMethod(new SmallCnn(8), new SmallCnn(8), TinyTraining.MildViews(), momentum, temperature: 0.2, memoryBankSize: 32,
            hiddenDimension: 32, outputDimension: 16);
    }

    [Fact]
    public void TrainsThroughTheCatalogWithFallingLoss()
    {
        var ml = new MLContext(seed: 1);
        var scenes = TinyTraining.Scenes();
        var options = new MoCoOptions
        {
            Backbone = "small-cnn",
            ViewSize = 16,
            Temperature = 0.2,
            MemoryBankSize = 64,
            ProjectionHiddenDimension = 64,
            ProjectionOutputDimension = 32,
            Augmentation = TinyTraining.MildViews(),
            Training = new PretrainingOptions { Epochs = 10, BatchSize = 16, BaseLearningRate = 0.1, Seed = 2, Device = ComputeDevice.Cpu },
        };
        using var featurizer = ml.Transforms.MoCo(options).Fit(scenes.Images.ToDataView(ml));
        var losses = featurizer.History!.EpochLosses;
        // The first epoch still sees random negatives in the queue; compare the queue-filled epochs 2-3 with the last two.
        Assert.True(losses.TakeLast(2).Average() < losses.Skip(1).Take(2).Average() - 0.05f, $"Loss should fall: {string.Join(", ", losses)}");
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAcrossEpochs()
    {
        var images = PretrainerTests.BlockImages();
        using var method = TinyMethod(MomentumSchedule.Constant(0.99));
        var boxes = new WholeImageBoxSource(images);
        var options = TinyTraining.Loop(epochs: 2);
        Pretrainer.Train(method, images, boxes, options, torch.CPU);
        long afterShortRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        options.Epochs = 6;
        Pretrainer.Train(method, images, boxes, options, torch.CPU);
        Assert.Equal(afterShortRun, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void KeyEncoderStartsAsACopyAndOnlyTheEmaMovesIt()
    {
        var images = PretrainerTests.BlockImages();
        // Momentum 1: the EMA never moves the key encoder, so it must keep its initial weights although the optimiser
        // (with weight decay) steps every parameter of the method that has a gradient.
        using var method = TinyMethod(MomentumSchedule.Constant(1.0));
        var parameters = method.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var online = parameters["backbone.features.conv0.weight"];
        var key = parameters["momentum_backbone.features.conv0.weight"];
        Assert.False(key.requires_grad);
        Assert.True(online.data<float>().ToArray().SequenceEqual(key.data<float>().ToArray()));
        var before = key.data<float>().ToArray();
        Pretrainer.Train(method, images, new WholeImageBoxSource(images), TinyTraining.Loop(epochs: 1), torch.CPU);
        Assert.Equal(before, key.data<float>().ToArray());
        Assert.False(online.data<float>().ToArray().SequenceEqual(before));
        Assert.Equal(0, method.MemoryBank.Pointer); // 2 steps x 16 keys into a queue of 32
    }

    [Fact]
    public void RegionViewsNeedTheRegionColumn()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.MoCo(regionsColumnName: "Regions", backbone: "small-cnn", viewSize: 16, epochs: 1, batchSize: 4);
        Assert.Equal("Regions", estimator.Options.RegionsColumnName);
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 4, ImageSize = 32, Seed = 5 });
        var ex = Assert.Throws<ArgumentException>(() => estimator.Fit(scenes.Images.ToDataView(ml)));
        Assert.Contains("'Regions'", ex.Message);
    }

    [Fact]
    public void OptionsAreValidated()
    {
        var ml = new MLContext(seed: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.MoCo(new MoCoOptions { MemoryBankSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.MoCo(new MoCoOptions { Temperature = 0 }));
        Assert.Throws<ArgumentException>(() => ml.Transforms.MoCo(new MoCoOptions { ViewSize = 32 , Augmentation = new ViewAugmentationOptions { OutputSize = 16 } }));
    }
}
