using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Tests.Onnx.Export;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Onnx.Pipelines;

public sealed class OnnxFeaturizerPipelineTests : IDisposable
{
    private const int Size = 16;
    private readonly TempDirectory _directory = new();
    private readonly MLContext _ml = new(seed: 1);

    private sealed class Row
    {
        public string ImagePath { get; set; } = "";
        public string Label { get; set; } = "";
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Eight noisy PNGs at the input size: even rows reddish ("red"), odd rows bluish ("blue").</summary>
    private IDataView Images(int count = 8)
    {
        var random = new Random(3);
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            bool red = i % 2 == 0;
            var name = $"image{i}.png";
            File.WriteAllBytes(_directory.File(name), TestImages.Encode(Size, Size, (x, y) =>
                new SKColor((byte)random.Next(red ? 128 : 0, red ? 256 : 128), (byte)random.Next(256), (byte)random.Next(red ? 0 : 128, red ? 128 : 256))));
            rows.Add(new Row { ImagePath = name, Label = red ? "red" : "blue" });
        }
        return _ml.Data.LoadFromEnumerable(rows);
    }

    private IEstimator<ITransformer> LoadImages() => _ml.Transforms.LoadImages("Image", _directory.Path, nameof(Row.ImagePath));

    private static ImageFeaturizerTransformer Featurizer()
    {
        var backbone = new SmallCnn(8);
        EncoderOnnxExporterTests.RandomizeBatchNormStatistics(backbone, seed: 2);
        return new ImageFeaturizerTransformer(new ImageEncoder(backbone, Size, PixelNormalization.ImageNet, CPU));
    }

    [Fact]
    public void FeaturesEqualTheTorchSharpFeaturizerAndHaveAKnownSize()
    {
        using var featurizer = Featurizer();
        var images = LoadImages().Fit(Images()).Transform(Images());
        var onnxPath = _directory.File("encoder.onnx");
        var onnx = featurizer.ToMLNetPipeline(_ml, onnxPath).Fit(images).Transform(images);

        var type = Assert.IsType<VectorDataViewType>(onnx.Schema["Features"].Type);
        Assert.Equal(featurizer.FeatureDimension, type.Size);
        Assert.Null(onnx.Schema.GetColumnOrNull("image"));
        Assert.Null(onnx.Schema.GetColumnOrNull("features"));

        var expected = featurizer.Transform(images).GetColumn<float[]>("Features").ToArray();
        var actual = onnx.GetColumn<float[]>("Features").ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(EncoderOnnxExporterTests.MaxAbsDifference(expected[i], actual[i]) < 1e-4f, $"row {i}");
        Assert.NotEqual(expected[0], expected[1]);
    }

    [Fact]
    public void LinearClassifierPipelineSavesAndLoadsWithoutTheOnnxFile()
    {
        using var featurizer = Featurizer();
        var data = Images();
        var onnxPath = _directory.File("encoder.onnx");
        var pipeline = LoadImages()
            .Append(featurizer.ToMLNetPipeline(_ml, onnxPath))
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features"));
        var model = pipeline.Fit(data);
        var zip = _directory.File("model.zip");
        _ml.Model.Save(model, data.Schema, zip);
        File.Delete(onnxPath);

        var loaded = new MLContext(seed: 2).Model.Load(zip, out var inputSchema);
        Assert.NotNull(inputSchema.GetColumnOrNull(nameof(Row.ImagePath)));
        var before = model.Transform(data);
        var after = loaded.Transform(data);
        Assert.Equal(before.GetColumn<uint>("PredictedLabel").ToArray(), after.GetColumn<uint>("PredictedLabel").ToArray());
        var scoresBefore = before.GetColumn<float[]>("Score").ToArray();
        var scoresAfter = after.GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < scoresBefore.Length; i++) Assert.Equal(scoresBefore[i], scoresAfter[i]);
    }

    [Fact]
    public void KnnClassifierPipelineSavesAndLoadsWithoutTheOnnxFiles()
    {
        using var featurizer = Featurizer();
        var data = Images();
        var encoderPath = _directory.File("encoder.onnx");
        var knnPath = _directory.File("knn.onnx");
        var front = LoadImages().Append(featurizer.ToMLNetPipeline(_ml, encoderPath)).Append(_ml.Transforms.Conversion.MapValueToKey("Label")).Fit(data);
        var features = front.Transform(data);
        var knn = (KNearestNeighborsModel)_ml.MulticlassClassification.Trainers.KNearestNeighbors(k: 3).Fit(features);
        var model = front.Append(knn.ToMLNetPipeline(_ml, knnPath).Fit(features));
        var zip = _directory.File("knn-model.zip");
        _ml.Model.Save(model, data.Schema, zip);
        File.Delete(encoderPath);
        File.Delete(knnPath);

        var loaded = new MLContext(seed: 2).Model.Load(zip, out _);
        var expected = knn.Transform(features).GetColumn<uint>("PredictedLabel").ToArray();
        Assert.Equal(expected, loaded.Transform(data).GetColumn<uint[]>("PredictedLabel").Select(Assert.Single));
    }

    [Fact]
    public void FeatureColumnNamedLikeThePixelColumnIsRejected()
    {
        using var featurizer = new ImageFeaturizerTransformer(new ImageEncoder(new SmallCnn(4), Size, PixelNormalization.ImageNet, CPU), outputColumnName: "image");
        var ex = Assert.Throws<ArgumentException>(() => featurizer.ToMLNetPipeline(_ml, _directory.File("x.onnx")));
        Assert.Contains("'image'", ex.Message);
    }
}
