using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

/// <summary>Estimators draw their initial weights from a generator of their own, not from libtorch's process-wide one.</summary>
[Collection(SequentialCollection.Name)]
public class SeededInitializationTests
{
    private static IDataView Scenes(MLContext ml) =>
        TinyTraining.Scenes(count: 16, seed: 3).Images.ToDataView(ml);

    private static T Tiny<T>(T options, int seed) where T : SelfSupervisedOptions
    {
        options.Backbone = "small-cnn";
        options.ViewSize = 16;
        options.Training = new PretrainingOptions { Epochs = 2, BatchSize = 8, Seed = seed, Device = ComputeDevice.Cpu };
        return options;
    }

    private static float[] Weights(ImageFeaturizerTransformer featurizer) =>
        featurizer.Encoder.Backbone.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Fact]
    public async Task TwoFitsAtTheSameTimeGiveTheWeightsOfEachAlone()
    {
        var ml = new MLContext(seed: 1);
        var data = Scenes(ml);
        float[] FitSimClr() { using var f = ml.Transforms.SimClr(Tiny(new SimClrOptions(), 5)).Fit(data); return Weights(f); }
        float[] FitMoCo() { using var f = ml.Transforms.MoCo(Tiny(new MoCoOptions { MemoryBankSize = 64 }, 6)).Fit(data); return Weights(f); }
        var simclrAlone = FitSimClr();
        var mocoAlone = FitMoCo();

        // Both at once, while a third thread keeps reseeding and drawing from libtorch's global generator.
        using var stop = new CancellationTokenSource();
        var noise = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                torch.random.manual_seed(i);
                using var x = torch.rand(64);
            }
        });
        var simclr = Task.Run(FitSimClr);
        var moco = Task.Run(FitMoCo);
        var weights = await Task.WhenAll(simclr, moco);
        stop.Cancel();
        await noise;

        Assert.Equal(simclrAlone, weights[0]);
        Assert.Equal(mocoAlone, weights[1]);
    }

    [Fact]
    public void RandomInitDependsOnTheSeedOnly()
    {
        var ml = new MLContext(seed: 1);
        torch.random.manual_seed(1);
        using var first = ml.Transforms.Dino(Tiny(new DinoOptions(), 3)).CreateUntrained();
        torch.random.manual_seed(2);
        using var second = ml.Transforms.Dino(Tiny(new DinoOptions(), 3)).CreateUntrained();
        using var other = ml.Transforms.Dino(Tiny(new DinoOptions(), 4)).CreateUntrained();
        Assert.Equal(Weights(first), Weights(second));
        Assert.NotEqual(Weights(first), Weights(other));
    }

    [Fact]
    public void TheTorchSharpCallsTheInitialisationUsesHonourTheirGenerator()
    {
        // TorchSharp 0.107's nn.init.normal_ and nn.init.uniform_ ignore their generator argument, so the library uses
        // the tensor methods; this pins that the calls it relies on draw from the given generator, not the global one.
        foreach (var draw in new Func<torch.Generator, torch.Tensor>[]
        {
            g => torch.empty(8).normal_(0, 1, g),
            g => torch.empty(8).uniform_(-1, 1, g),
            g => torch.randn(8, generator: g),
        })
        {
            float[] With(int global)
            {
                torch.random.manual_seed(global);
                using var generator = new torch.Generator(1);
                using var values = draw(generator);
                return values.data<float>().ToArray();
            }
            Assert.Equal(With(5), With(6));
        }
    }
}
