using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Evaluation;
using Xunit;

namespace SamClr.MLNet.Tests.Evaluation;

public class KNearestNeighborsTrainerTests
{
    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class VariableRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public string Label { get; set; } = "";

        public string PredictedLabel { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    // Two clusters: "cat" along the x axis, "dog" along the y axis.
    private static readonly Row[] Training =
    [
        new() { Features = [1f, 0f], Label = "cat" },
        new() { Features = [2f, 0.2f], Label = "cat" },
        new() { Features = [0f, 1f], Label = "dog" },
        new() { Features = [0.2f, 2f], Label = "dog" },
    ];

    private static (MLContext Context, ITransformer Model) FitPipeline(int k = 200)
    {
        var mlContext = new MLContext(seed: 1);
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors(k: k));
        return (mlContext, pipeline.Fit(mlContext.Data.LoadFromEnumerable(Training)));
    }

    [Fact]
    public void SeparableTrainingDataIsClassifiedPerfectly()
    {
        var (mlContext, model) = FitPipeline();
        var predictions = model.Transform(mlContext.Data.LoadFromEnumerable(Training));

        var metrics = mlContext.MulticlassClassification.Evaluate(predictions);

        Assert.Equal(1.0, metrics.MicroAccuracy, 10);
        Assert.Equal(1.0, metrics.MacroAccuracy, 10);
    }

    [Fact]
    public void AccuracyMatchesTheHandCountOnAHarderTestSet()
    {
        // (1, 0.1) cat and (1, 0.3) cat are near the x axis -> cat, right. (0.1, 1) dog -> dog, right.
        // (0.3, 1) labelled cat normalises to (0.287, 0.958): similarity to the dogs 0.958 and 0.982, to the
        // cats 0.287 and 0.381, so dog wins by e^9.8 against e^3.8 -> wrong.
        // Micro accuracy 3 / 4 = 0.75; macro accuracy = mean(cat 2 / 3, dog 1 / 1) = 0.8333.
        Row[] test =
        [
            new() { Features = [1f, 0.1f], Label = "cat" },
            new() { Features = [0.1f, 1f], Label = "dog" },
            new() { Features = [0.3f, 1f], Label = "cat" },
            new() { Features = [1f, 0.3f], Label = "cat" },
        ];
        var (mlContext, model) = FitPipeline();

        var metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(mlContext.Data.LoadFromEnumerable(test)));

        Assert.Equal(0.75, metrics.MicroAccuracy, 10);
        Assert.Equal(5.0 / 6.0, metrics.MacroAccuracy, 10);
    }

    [Fact]
    public void PredictedLabelMapsBackToClassNamesAndScoresHaveSlotNames()
    {
        // With k = 1 the query (3, 1) is nearest to (2, 0.2) ("cat", class 0 by order of appearance):
        // scores (1, 0). The query (0, 5) is (0, 1) itself ("dog"): scores (0, 1).
        var (mlContext, model) = FitPipeline(k: 1);
        Row[] test = [new() { Features = [3f, 1f], Label = "cat" }, new() { Features = [0f, 5f], Label = "cat" }];
        var scored = model.Transform(mlContext.Data.LoadFromEnumerable(test));
        var named = mlContext.Transforms.Conversion.MapKeyToValue("Label")
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(scored).Transform(scored);

        var rows = mlContext.Data.CreateEnumerable<Prediction>(named, reuseRowObject: false).ToArray();

        Assert.Equal(["cat", "dog"], rows.Select(r => r.PredictedLabel));
        Assert.Equal([1f, 0f], rows[0].Score);
        Assert.Equal([0f, 1f], rows[1].Score);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        scored.Schema["Score"].GetSlotNames(ref slotNames);
        Assert.Equal(["cat", "dog"], slotNames.DenseValues().Select(s => s.ToString()));
        Assert.Equal(scored.Schema["Label"].Type, scored.Schema["PredictedLabel"].Type);
    }

    [Fact]
    public void ModelReportsWhatItStored()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(mlContext.Data.LoadFromEnumerable(Training))
            .Transform(mlContext.Data.LoadFromEnumerable(Training));

        var model = mlContext.MulticlassClassification.Trainers.KNearestNeighbors(new KNearestNeighborsTrainer.Options { K = 3, Temperature = 0.5f })
            .Fit(data);

        Assert.Equal(4, model.ReferenceCount);
        Assert.Equal(2, model.FeatureDimension);
        Assert.Equal(2, model.ClassCount);
        Assert.Equal(3, model.K);
        Assert.Equal(0.5f, model.Temperature);
        Assert.Equal(["cat", "dog"], model.ClassNames!);
        Assert.False(model.IsRowToRowMapper);
        var save = Assert.ThrowsAny<Exception>(() => mlContext.Model.Save(model, data.Schema, new MemoryStream()));
        Assert.Contains("cannot be saved", save.ToString());
    }

    [Fact]
    public void NonKeyLabelIsRejectedWithTheFix()
    {
        var mlContext = new MLContext(seed: 1);
        var trainer = mlContext.MulticlassClassification.Trainers.KNearestNeighbors();

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(mlContext.Data.LoadFromEnumerable(Training)));

        Assert.Contains("'Label'", error.Message);
        Assert.Contains("mlContext.Transforms.Conversion.MapValueToKey", error.Message);
    }

    [Fact]
    public void VariableSizeFeaturesAreRejected()
    {
        var mlContext = new MLContext(seed: 1);
        VariableRow[] rows = [new() { Features = [1f, 0f], Label = "cat" }];
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors());

        var error = Assert.Throws<ArgumentException>(() => pipeline.Fit(mlContext.Data.LoadFromEnumerable(rows)));

        Assert.Contains("'Features'", error.Message);
        Assert.Contains("variable size", error.Message);
        Assert.Contains("known-size vector of Single", error.Message);
    }

    [Fact]
    public void FeaturesOfAnotherSizeAreRejectedAtTransform()
    {
        var (mlContext, model) = FitPipeline();
        var data = mlContext.Data.LoadFromEnumerable(new[] { new ThreeFeatureRow { Features = [1f, 2f, 3f], Label = "cat" } });

        var error = Assert.Throws<ArgumentException>(() => model.Transform(data));

        Assert.Contains("trained on 2", error.Message);
    }

    private sealed class ThreeFeatureRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        var trainers = new MLContext().MulticlassClassification.Trainers;
        Assert.Throws<ArgumentOutOfRangeException>(() => trainers.KNearestNeighbors(k: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainers.KNearestNeighbors(temperature: 0f));
        Assert.Throws<ArgumentException>(() => trainers.KNearestNeighbors(labelColumnName: ""));
    }

    [Fact]
    public void OutputSchemaShapeDescribesScoreAndPredictedLabel()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Training);
        var inputShape = SchemaShapeHelper.Append(new SchemaShape([]), data.Schema.Select(c => new DataViewSchema.DetachedColumn(c)));
        var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors())
            .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedLabel"));

        var shape = pipeline.GetOutputSchema(inputShape);

        var score = shape.Single(c => c.Name == "Score");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, score.Kind);
        Assert.Equal(NumberDataViewType.Single, score.ItemType);
        Assert.Contains(score.Annotations, a => a.Name == "SlotNames");
        var predicted = shape.Single(c => c.Name == "PredictedLabel");
        Assert.False(predicted.IsKey);
        Assert.Equal(TextDataViewType.Instance, predicted.ItemType);
    }
}
