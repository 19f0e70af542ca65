using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Tests.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx.Pipelines;

public sealed class KnnOnnxPipelineTests : IDisposable
{
    private const int Dimension = 4;
    private readonly TempDirectory _directory = new();
    private readonly MLContext _ml = new(seed: 1);

    private sealed class Row
    {
        [VectorType(Dimension)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Three classes around different centres, with noise, so neighbours of several classes vote.</summary>
    private IDataView Rows(int count, int seed)
    {
        var random = new Random(seed);
        string[] names = ["cat", "dog", "fox"];
        var rows = new List<Row>();
        for (int i = 0; i < count; i++)
        {
            int c = random.Next(3);
            var features = new float[Dimension];
            for (int j = 0; j < Dimension; j++) features[j] = (j == c ? 1f : 0f) + (float)(random.NextDouble() - 0.5);
            rows.Add(new Row { Features = features, Label = names[c] });
        }
        return _ml.Data.LoadFromEnumerable(rows);
    }

    private (ITransformer Labels, KNearestNeighborsModel Knn, IDataView Train) Fit()
    {
        var train = Rows(30, seed: 1);
        var labels = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var keyed = labels.Transform(train);
        var knn = (KNearestNeighborsModel)_ml.MulticlassClassification.Trainers.KNearestNeighbors(k: 7, temperature: 0.1f).Fit(keyed);
        return (labels, knn, keyed);
    }

    [Fact]
    public void OnnxPipelineSavesLoadsAndPredictsLikeTheInMemoryModel()
    {
        var (labels, knn, train) = Fit();
        var test = labels.Transform(Rows(40, seed: 2));
        var onnxPath = _directory.File("knn.onnx");
        var model = labels.Append(knn.ToMLNetPipeline(_ml, onnxPath).Fit(train));
        var zip = _directory.File("knn.zip");
        var raw = Rows(40, seed: 2);
        _ml.Model.Save(model, raw.Schema, zip);
        File.Delete(onnxPath);
        var loaded = new MLContext(seed: 3).Model.Load(zip, out _);

        var expected = knn.Transform(test);
        var actual = loaded.Transform(raw);
        var expectedLabels = expected.GetColumn<uint>("PredictedLabel").ToArray();
        Assert.Equal(expectedLabels, actual.GetColumn<uint[]>("PredictedLabel").Select(Assert.Single));
        Assert.True(expectedLabels.Distinct().Count() > 1);
        var expectedScores = expected.GetColumn<float[]>("Score").ToArray();
        var actualScores = actual.GetColumn<float[]>("Score").ToArray();
        for (int i = 0; i < expectedScores.Length; i++)
        {
            Assert.Equal(3, actualScores[i].Length);
            for (int c = 0; c < 3; c++) Assert.Equal(expectedScores[i][c], actualScores[i][c], 1e-5f);
        }

        // The predicted label maps back to the class names, and ML.NET's evaluator accepts the output.
        var names = _ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(actual).Transform(actual)
            .GetColumn<string[]>("PredictedName").Select(Assert.Single).ToArray();
        var expectedNames = _ml.Transforms.Conversion.MapKeyToValue("PredictedName", "PredictedLabel").Fit(expected).Transform(expected)
            .GetColumn<string>("PredictedName").ToArray();
        Assert.Equal(expectedNames, names);
        Assert.Equal(_ml.MulticlassClassification.Evaluate(expected).MicroAccuracy, _ml.MulticlassClassification.Evaluate(actual).MicroAccuracy, 10);
    }

    [Fact]
    public void ScoresMatchAHandComputedVote()
    {
        // Reference rows (already unit length): r0 = (1,0,0,0) cat, r1 = (0,1,0,0) dog, query q = (3,4,0,0) -> q/|q| = (0.6, 0.8, 0, 0).
        // Similarities: cat 0.6, dog 0.8. With k = 2 and T = 0.1 the weights are exp((0.6-0.8)/0.1) = e^-2 and exp(0) = 1,
        // so the scores are cat e^-2 / (1 + e^-2) = 0.11920292, dog 1 / (1 + e^-2) = 0.88079708; predicted dog.
        var train = _ml.Data.LoadFromEnumerable(new[]
        {
            new Row { Features = [1, 0, 0, 0], Label = "cat" },
            new Row { Features = [0, 1, 0, 0], Label = "dog" },
        });
        var labels = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var knn = (KNearestNeighborsModel)_ml.MulticlassClassification.Trainers.KNearestNeighbors(k: 2, temperature: 0.1f).Fit(labels.Transform(train));
        var query = labels.Transform(_ml.Data.LoadFromEnumerable(new[] { new Row { Features = [3, 4, 0, 0], Label = "cat" } }));
        var output = knn.ToMLNetPipeline(_ml, _directory.File("hand.onnx")).Fit(query).Transform(query);
        var score = output.GetColumn<float[]>("Score").Single();
        Assert.Equal(0.11920292f, score[0], 1e-6f);
        Assert.Equal(0.88079708f, score[1], 1e-6f);
        Assert.Equal([2u], output.GetColumn<uint[]>("PredictedLabel").Single());
    }
}
