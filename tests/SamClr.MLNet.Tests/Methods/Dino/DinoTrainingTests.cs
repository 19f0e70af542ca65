using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Heads;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Dino;

[Collection(SequentialCollection.Name)]
public class DinoTrainingTests
{
    /// <summary>Mild multi-crop views (large crops, light jitter, no blur) so that a few steps are enough to learn them.</summary>
    private static MultiCropOptions MildViews() => new()
    {
        GlobalSize = 16, LocalSize = 8, GlobalMinScale = 0.6, LocalMinScale = 0.2, LocalViewCount = 2,
        FirstGlobalBlurProbability = 0, SecondGlobalBlurProbability = 0, LocalBlurProbability = 0, SecondGlobalSolarizeProbability = 0,
        Augmentation = new ViewAugmentationOptions { ColorJitterStrength = 0.2, GrayscaleProbability = 0 },
    };

    private static DinoOptions TinyOptions(int epochs) => new()
    {
        Backbone = "small-cnn",
        ViewSize = 16,
        HeadHiddenDimension = 32,
        HeadBottleneckDimension = 16,
        HeadOutputDimension = 64,
        MultiCrop = MildViews(),
        Training = new PretrainingOptions { Epochs = epochs, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu },
    };

    private static DinoMethod TinyMethod(DinoOptions options)
    {
        torch.random.manual_seed(3);
        return new DinoMethod(new SmallCnn(8), new SmallCnn(8), options.ToSettings());
    }

    [Fact]
    public void LossFallsOverAShortRun()
    {
        var images = PretrainerTests.BlockImages();
        var options = TinyOptions(epochs: 12);
        using var method = TinyMethod(options);
        var history = Pretrainer.Train(method, images, new WholeImageBoxSource(images), options.Training, CPU);
        float first = history.EpochLosses.Take(3).Average(), last = history.EpochLosses.TakeLast(3).Average();
        Assert.True(last < first - 0.05f, $"Loss should fall: {string.Join(", ", history.EpochLosses.Select(l => l.ToString("F3")))}");
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowAcrossEpochs()
    {
        var images = PretrainerTests.BlockImages();
        var options = TinyOptions(epochs: 2);
        using var method = TinyMethod(options);
        var boxes = new WholeImageBoxSource(images);
        Pretrainer.Train(method, images, boxes, options.Training, CPU);
        long afterShortRun = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        options.Training.Epochs = 6;
        Pretrainer.Train(method, images, boxes, options.Training, CPU);
        Assert.Equal(afterShortRun, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void TeacherStartsAsTheStudentAndTrailsItAfterSteps()
    {
        var images = PretrainerTests.BlockImages(count: 8);
        var options = TinyOptions(epochs: 2);
        using var method = TinyMethod(options);
        var teacher = method.named_modules().Single(m => m.name == "teacherBackbone").module;
        using (no_grad())
        using (var same = method.Backbone.parameters().First().eq(teacher.parameters().First()).all())
            Assert.True(same.item<bool>());
        Pretrainer.Train(method, images, new WholeImageBoxSource(images), options.Training, CPU);
        using (no_grad())
        using (var same = method.Backbone.parameters().First().eq(teacher.parameters().First()).all())
            Assert.False(same.item<bool>());
        Assert.All(teacher.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(2, method.CurrentEpoch);
        using var centreNorm = method.Loss.Center.norm();
        Assert.True(centreNorm.item<float>() > 0, "the centre moves after the first step");
    }

    [Fact]
    public void OptimiserNeverTouchesTheTeacher()
    {
        // With EMA momentum 1 the teacher must keep its initial weights: SGD (with weight decay) skips its gradient-free parameters.
        var images = PretrainerTests.BlockImages(count: 8);
        var options = TinyOptions(epochs: 1);
        options.TeacherMomentum = 1.0;
        using var method = TinyMethod(options);
        var teacher = method.named_modules().Single(m => m.name == "teacherBackbone").module;
        var before = teacher.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        Pretrainer.Train(method, images, new WholeImageBoxSource(images), options.Training, CPU);
        Assert.Equal(before, teacher.parameters().Select(p => p.data<float>().ToArray()).ToArray());
    }

    [Fact]
    public void SameSeedGivesSameLosses()
    {
        var images = PretrainerTests.BlockImages(count: 8);
        float[] Run()
        {
            var options = TinyOptions(epochs: 2);
            using var method = TinyMethod(options);
            return Pretrainer.Train(method, images, new WholeImageBoxSource(images), options.Training, CPU).StepLosses.ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void EstimatorTrainsOnRegionViewsAndReturnsAFeaturizer()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        var scenes = TinyTraining.Scenes(count: 16);
        var options = TinyOptions(epochs: 2);
        options.RegionsColumnName = "Regions";
        using var featurizer = ml.Transforms.Dino(options).Fit(DinoRegionData.ScenesWithRegions(ml, scenes));
        Assert.Equal(4, featurizer.History!.StepLosses.Count); // 16 images / batch 8 x 2 epochs
        Assert.Contains(messages, m => m.Contains("Source=DINO") && m.Contains("views inside regions"));
        var features = featurizer.Transform(SyntheticSceneGenerator.GenerateObjects(4, 16, 1).ToDataView(ml)).GetColumn<float[]>("Features").ToArray();
        Assert.All(features, f => Assert.Equal(256, f.Length));
    }

    [Fact]
    public void CatalogDefaultsAreThePapersSetup()
    {
        var estimator = new MLContext(seed: 1).Transforms.Dino();
        var o = estimator.Options;
        Assert.Equal((2048, 256, 2048, 0.99, 0.04, 0.1, 0.9), (o.HeadHiddenDimension, o.HeadBottleneckDimension, o.HeadOutputDimension,
            o.TeacherMomentum, o.TeacherTemperature, o.StudentTemperature, o.CenterMomentum));
        Assert.Equal((128, 64, 2, 6), (o.EffectiveMultiCrop.GlobalSize, o.EffectiveMultiCrop.LocalSize, o.EffectiveMultiCrop.GlobalViewCount,
            o.EffectiveMultiCrop.LocalViewCount));
        Assert.Throws<ArgumentException>(() => new MLContext().Transforms.Dino(new DinoOptions { MultiCrop = MultiCropOptions.Dino(64, 32) }));
    }

    [Fact]
    public void HeadGivesCosinesToUnitPrototypes()
    {
        using var scope = NewDisposeScope();
        using var head = new DinoHead(8, 16, 4, 5);
        head.train();
        var output = head.forward(randn(6, 8));
        Assert.Equal(new long[] { 6, 5 }, output.shape);
        Assert.True(output.abs().max().item<float>() <= 1 + 1e-5f);
    }
}
