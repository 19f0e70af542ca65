using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods;

/// <summary>The smaller divergences between the paper, the authors' code and the reference implementations, as options.</summary>
public class ProtocolOptionsTests
{
    private static readonly ViewAugmentationOptions Views = new() { OutputSize = 16, MinScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 };

    private static (float[] Queue, float Loss) MoCoStep(bool enqueueBetweenHalves)
    {
        const int batch = 8;
        using var generator = new torch.Generator(4);
        var backbone = new SmallCnn(8);
        SeededInitialization.Apply(backbone, generator);
        // A bank of exactly 2B keys: after one step it holds only this step's keys.
        using var method = new MoCoMethod(backbone, new SmallCnn(8), Views, MomentumSchedule.Constant(0.99), temperature: 0.2,
            memoryBankSize: 2 * batch, hiddenDimension: 32, outputDimension: 16, enqueueBetweenHalves: enqueueBetweenHalves);
        method.InitializeHeads(generator);
        var images = PretrainerTests.BlockImages();
        var indices = Enumerable.Range(0, batch).ToArray();
        using var scope = NewDisposeScope();
        var views = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), method.ViewPlan, new Random(1), 1).ToDevice(CPU);
        var loss = method.TrainingLoss(views).item<float>();
        return (method.MemoryBank.Keys.data<float>().ToArray(), loss);
    }

    [Fact]
    public void MoCoEnqueuesTheFirstHalfsKeysBeforeTheSecondHalfAsLightlyDoes()
    {
        // Same weights, views and keys: Lightly's order enqueues key2 (the first half's keys) then key1; the demo's order
        // enqueues key1 then key2 after both halves. The second half of Lightly's loss also sees key2 among its negatives.
        var (lightly, lightlyLoss) = MoCoStep(enqueueBetweenHalves: true);
        var (demo, demoLoss) = MoCoStep(enqueueBetweenHalves: false);
        int half = lightly.Length / 2;
        for (int i = 0; i < half; i++)
        {
            Assert.Equal(demo[half + i], lightly[i], 5);
            Assert.Equal(demo[i], lightly[half + i], 5);
        }
        Assert.NotEqual(demoLoss, lightlyLoss);
        Assert.True(new MoCoOptions().EnqueueBetweenHalves);
    }

    [Fact]
    public void DinoFreezesTheLastLayerDuringTheFirstEpochsWhenAsked()
    {
        var images = PretrainerTests.BlockImages();
        Tensor? PrototypeGradient(int freezeEpochs)
        {
            var options = new DinoOptions
            {
                Backbone = "small-cnn", ViewSize = 16, HeadHiddenDimension = 32, HeadBottleneckDimension = 16, HeadOutputDimension = 64,
                FreezeLastLayerEpochs = freezeEpochs,
                MultiCrop = new MultiCropOptions { GlobalSize = 16, LocalSize = 8, LocalViewCount = 2 },
            };
            var method = new DinoMethod(new SmallCnn(8), new SmallCnn(8), options.ToSettings());
            var indices = Enumerable.Range(0, 4).ToArray();
            var views = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), method.ViewPlan, new Random(1), 1).ToDevice(CPU);
            method.TrainingLoss(views).backward();
            var parameters = method.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            Assert.NotNull(parameters["head.mlp.linear0.weight"].grad);
            return parameters["head.prototypes"].grad;
        }
        Assert.Null(PrototypeGradient(freezeEpochs: 1));
        Assert.NotNull(PrototypeGradient(freezeEpochs: 0));
        Assert.Equal(0, new DinoOptions().FreezeLastLayerEpochs);
    }

    [Fact]
    public void SimClrCropScaleIsTheAuthorsWhenAsked()
    {
        Assert.Equal(0.08, new SimClrOptions { ViewSize = 32 }.EffectiveAugmentation.MinScale);
        Assert.Equal(0.5, new SimClrOptions { ViewSize = 32, MinCropScale = 0.5 }.EffectiveAugmentation.MinScale);
        Assert.Throws<ArgumentException>(() => new SimClrOptions { MinCropScale = 0.5, Augmentation = new ViewAugmentationOptions() }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimClrOptions { MinCropScale = 1.5 }.Validate());
    }
}
