using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

[Collection(SequentialCollection.Name)]
public class TrainingVariantsTests
{
    [Fact]
    public void AdamOptimiserTrainsWithFallingLoss()
    {
        var images = Training.PretrainerTests.BlockImages();
        torch.random.manual_seed(3);
        var views = new ViewAugmentationOptions { OutputSize = 16, MinScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 };
        using var method = new SimClrMethod(new SmallCnn(8), views, 0.5, 32, 16);
        var options = new PretrainingOptions { Epochs = 12, BatchSize = 8, Optimizer = OptimizerKind.Adam, BaseLearningRate = 0.01, WeightDecay = 1e-6, Seed = 5, Device = ComputeDevice.Cpu };
        var history = Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU);
        float first = history.EpochLosses.Take(3).Average(), last = history.EpochLosses.TakeLast(3).Average();
        Assert.True(last < first - 0.1f, $"Loss should fall with Adam: first epochs {first:F3}, last epochs {last:F3}.");
    }

    [Fact]
    public void SwAVDefaultsToLightlysAdamSettings()
    {
        var options = new SwAVOptions();
        Assert.Equal(OptimizerKind.Adam, options.Training.Optimizer);
        Assert.Equal(1e-3, options.Training.BaseLearningRate);
        Assert.Equal(1e-6, options.Training.WeightDecay);
    }

    [Fact]
    public void SimpleCatalogOverloadsKeepEachMethodsTrainingDefaults()
    {
        var ml = new MLContext();
        var swav = ml.Transforms.SwAV(epochs: 3, batchSize: 32, seed: 4).Options.Training;
        Assert.Equal((OptimizerKind.Adam, 1e-3, 1e-6), (swav.Optimizer, swav.BaseLearningRate, swav.WeightDecay));
        Assert.Equal((3, 32, 4), (swav.Epochs, swav.BatchSize, swav.Seed));
        var samclr = ml.Transforms.SamClrPretrain(regionsColumnName: "Boxes", viewSize: 64).Options;
        Assert.Equal(("Boxes", 64, 0.07, OptimizerKind.Sgd), (samclr.RegionsColumnName, samclr.ViewSize, samclr.Temperature, samclr.Training.Optimizer));
    }

    [Fact]
    public void SamClrCodeVariantTrainsOnMultiCropViewsInsideRegions()
    {
        var ml = new MLContext(seed: 1);
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 8, ImageSize = 32, Seed = 2 });
        var options = new SimClrOptions
        {
            Backbone = "small-cnn",
            ViewSize = 16,
           
            Temperature = 0.07,
            RegionsColumnName = "Regions",
            MultiCrop = MultiCropOptions.SamClrCodeVariant(16, 8),
            Training = new PretrainingOptions { Epochs = 2, BatchSize = 8, Device = ComputeDevice.Cpu },
        };
        var pipeline = ml.Transforms.SamRegionSample(minArea: 20).Append(ml.Transforms.SimClr(options));
        var model = pipeline.Fit(scenes.Images.ToDataView(ml));
        var featurizer = model.LastTransformer;
        Assert.Equal(2, featurizer.History!.StepLosses.Count);
        Assert.All(featurizer.History.StepLosses, loss => Assert.True(float.IsFinite(loss)));
        var features = model.Transform(scenes.Images.ToDataView(ml)).GetColumn<float[]>("Features").First();
        Assert.Equal(256, features.Length);
        featurizer.Dispose();
    }

    [Fact]
    public void MultiCropGlobalSizeMustMatchTheViewSize()
    {
        var options = new SimClrOptions { ViewSize = 32, MultiCrop = MultiCropOptions.SamClrCodeVariant(16, 8) };
        var ex = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Contains("GlobalSize", ex.Message);
    }

    [Fact]
    public void InitialWeightsAreLoadedStrictlyBeforeTraining()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-init-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string good = Path.Combine(folder, "small.safetensors"), wrong = Path.Combine(folder, "resnet.safetensors");
            using (var net = new SmallCnn()) SamClr.MLNet.Models.Interop.BackboneWeights.SaveSafetensors(net, good);
            using (var net = Backbones.Create("resnet18-cifar")) SamClr.MLNet.Models.Interop.BackboneWeights.SaveSafetensors(net, wrong);
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
            var data = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 4, ImageSize = 32, Seed = 2 }).Images.ToDataView(ml);
            SimClrOptions Options(string weights) => new()
            {
                Backbone = "small-cnn", ViewSize = 16, InitialWeights = weights,
                Training = new PretrainingOptions { Epochs = 1, BatchSize = 4, Device = ComputeDevice.Cpu },
            };
            using (ml.Transforms.SimClr(Options(good)).Fit(data)) { }
            Assert.Contains(messages, m => m.Contains("Backbone initialised from") && m.Contains("small.safetensors"));
            var ex = Assert.Throws<InvalidDataException>(() => ml.Transforms.SimClr(Options(wrong)).Fit(data));
            Assert.Contains("resnet.safetensors", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
