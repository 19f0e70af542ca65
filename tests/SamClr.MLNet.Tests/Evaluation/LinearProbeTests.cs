using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Tests.Data;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Evaluation;

[Collection(SequentialCollection.Name)]
public sealed class LinearProbeTests : IDisposable
{
    private const int Size = 16;
    private static readonly string[] Names = ["red", "green", "blue", "yellow"];
    private static readonly byte[][] Colours = [[220, 30, 30], [30, 200, 40], [40, 40, 210], [210, 200, 30]];
    private readonly TempDirectory _directory = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _directory.Dispose();

    /// <summary>Four colour classes with per-pixel noise and a random brightness: separable by colour, whatever the crop or flip.</summary>
    private static ImageSet ColourSet(int count, int seed)
    {
        var random = new Random(seed);
        int plane = Size * Size;
        var pixels = new byte[count * 3 * plane];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = labels[i] = i % Names.Length;
            double brightness = 0.7 + 0.3 * random.NextDouble();
            for (int channel = 0; channel < 3; channel++)
                for (int p = 0; p < plane; p++)
                    pixels[(i * 3 + channel) * plane + p] = (byte)Math.Clamp(Colours[c][channel] * brightness + random.Next(-25, 26), 0, 255);
        }
        return new ImageSet(Size, Size, pixels, labels: labels, classNames: Names);
    }

    private static ImageFeaturizerTransformer RandomEncoder()
    {
        torch.random.manual_seed(5);
        return new ImageFeaturizerTransformer(new ImageEncoder(Backbones.Create("small-cnn"), Size, PixelNormalization.ImageNet, torch.CPU));
    }

    [Fact]
    public void SgdProbeReachesTheLbfgsProbesAccuracyAndSavesAsAnMLNetModel()
    {
        using var featurizer = RandomEncoder();
        var train = ColourSet(160, seed: 1).ToDataView(_ml);
        var test = ColourSet(80, seed: 2).ToDataView(_ml);
        var labels = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);

        var probe = SgdLinearProbe.Fit(_ml, featurizer, labels.Transform(train), new SgdLinearProbeOptions { BatchSize = 32 });
        Assert.Equal(Names, probe.ClassNames);
        var onnx = _directory.File("probe.onnx");
        var model = _ml.Transforms.Conversion.MapValueToKey("Label").Append(featurizer.ToMLNetPipeline(_ml, _directory.File("encoder.onnx")))
            .Append(probe.ToMLNetPipeline(_ml, onnx)).Fit(train);
        var zip = _directory.File("probe.zip");
        _ml.Model.Save(model, train.Schema, zip);
        File.Delete(onnx);
        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        double sgd = _ml.MulticlassClassification.Evaluate(loaded.Transform(test)).MicroAccuracy;

        var trainFeatures = _ml.Data.Cache(featurizer.Transform(train));
        var lbfgs = LbfgsLinearProbe.Fit(_ml, trainFeatures);
        double reference = _ml.MulticlassClassification.Evaluate(lbfgs.Model.Transform(featurizer.Transform(test))).MicroAccuracy;

        Assert.True(reference >= 0.9, $"L-BFGS probe: {reference:P1}");
        Assert.True(sgd >= reference - 0.01, $"SGD probe {sgd:P1} vs L-BFGS probe {reference:P1}");
        Assert.Equal(6, lbfgs.HoldOutAccuracies.Count);
        Assert.Contains(lbfgs.L2Regularization, new LbfgsLinearProbeOptions().L2Regularizations);
    }

    [Fact]
    public void ModelPredictsTheArgmaxOfItsScoresAndTheOnnxGraphAgrees()
    {
        // W = [[1, 0], [0, 2]], b = [0, -1]: x = (3, 1) -> scores (3, 1) -> class 0; x = (1, 2) -> (1, 3) -> class 1.
        var model = new LinearProbeModel([1, 0, 0, 2], [0, -1], 2, ["a", "b"], "Features");
        Assert.Equal(0, model.Predict([3, 1]));
        Assert.Equal(1, model.Predict([1, 2]));
        var rows = _ml.Data.LoadFromEnumerable(new[] { new Row { Features = [3, 1] }, new Row { Features = [1, 2] } });
        var output = model.ToMLNetPipeline(_ml, _directory.File("hand.onnx")).Fit(rows).Transform(rows);
        Assert.Equal([[1u], [2u]], output.GetColumn<uint[]>("PredictedLabel").ToArray());
        var score = output.GetColumn<float[]>("Score").First();
        Assert.Equal((float)(Math.Exp(3) / (Math.Exp(3) + Math.Exp(1))), score[0], 1e-5f);
        Assert.Throws<ArgumentException>(() => model.Predict([1, 2, 3]));
    }

    [Fact]
    public void OptionsRejectBadValues()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SgdLinearProbeOptions { Epochs = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SgdLinearProbeOptions { MinCropScale = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new LbfgsLinearProbeOptions { L2Regularizations = [] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new LbfgsLinearProbeOptions { HoldOutFraction = 1 }.Validate());
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }
}
