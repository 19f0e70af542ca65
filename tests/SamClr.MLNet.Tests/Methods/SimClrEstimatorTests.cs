using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Methods;

public class SimClrEstimatorTests
{
    private static SimClrOptions TinyOptions() => new()
    {
        Backbone = "small-cnn",
        ViewSize = 16,
        Training = new PretrainingOptions { Epochs = 2, BatchSize = 16, Seed = 7, Device = ComputeDevice.Cpu },
    };

    private static IDataView Scenes(MLContext ml, int count = 32) =>
        SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = 32, Seed = 3 }).Images.ToDataView(ml);

    [Fact]
    public void FitReturnsAFeaturizerThatFeedsMlNetTrainersAndEvaluate()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) messages.Add(e.Message); };
        using var featurizer = ml.Transforms.SimClr(TinyOptions()).Fit(Scenes(ml));

        Assert.Equal(4, featurizer.History!.StepLosses.Count); // 32 images / batch 16 x 2 epochs
        Assert.Contains(messages, m => m.Contains("Source=SimCLR") && m.Contains("epoch 2/2"));

        var train = ml.Data.Cache(featurizer.Transform(SyntheticSceneGenerator.GenerateObjects(60, 16, 1).ToDataView(ml)));
        var test = ml.Data.Cache(featurizer.Transform(SyntheticSceneGenerator.GenerateObjects(40, 16, 2).ToDataView(ml)));
        var features = train.Schema["Features"].Type as VectorDataViewType;
        Assert.NotNull(features);
        Assert.Equal(256, features!.Size);

        var linear = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features"));
        var linearMetrics = ml.MulticlassClassification.Evaluate(linear.Fit(train).Transform(test));
        var knn = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors("Label", "Features", k: 10));
        var knnMetrics = ml.MulticlassClassification.Evaluate(knn.Fit(train).Transform(test));
        Assert.InRange(linearMetrics.MicroAccuracy, 0, 1);
        Assert.InRange(knnMetrics.MicroAccuracy, 0, 1);
        Assert.Equal(10, knnMetrics.ConfusionMatrix.NumberOfClasses);
    }

    [Fact]
    public void FeaturesMatchTheEncoderRunDirectly()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SimClr(TinyOptions());
        using var featurizer = estimator.CreateUntrained();
        var objects = SyntheticSceneGenerator.GenerateObjects(5, 16, 4);
        var viaPipeline = featurizer.Transform(objects.ToDataView(ml)).GetColumn<float[]>("Features").ToArray();
        var direct = featurizer.Encoder.Encode(objects);
        for (int i = 0; i < objects.Count; i++)
            for (int j = 0; j < direct[i].Length; j++)
                // Row-at-a-time and batched convolutions may round differently: compare with a tolerance, not by decimal places.
                Assert.True(Math.Abs(direct[i][j] - viaPipeline[i][j]) <= 1e-4f * (1 + Math.Abs(direct[i][j])), $"feature {j} of image {i}: {direct[i][j]} vs {viaPipeline[i][j]}");
    }

    [Fact]
    public void OutputSchemaDeclaresAKnownSizeVector()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.SimClr(TinyOptions());
        var data = Scenes(ml, 2);
        var input = SchemaShapeHelper.Append(new SchemaShape(Array.Empty<SchemaShape.Column>()), data.Schema.Select(c => new DataViewSchema.DetachedColumn(c)));
        var shape = estimator.GetOutputSchema(input);
        var column = shape.Single(c => c.Name == "Features");
        Assert.Equal(SchemaShape.Column.VectorKind.Vector, column.Kind);
        Assert.Equal(NumberDataViewType.Single, column.ItemType);
    }

    [Fact]
    public void MissingImageColumnIsNamedInTheError()
    {
        var ml = new MLContext(seed: 1);
        var options = TinyOptions();
        options.InputColumnName = "Picture";
        var ex = Assert.Throws<ArgumentException>(() => ml.Transforms.SimClr(options).Fit(Scenes(ml, 2)));
        Assert.Contains("'Picture'", ex.Message);
        Assert.Contains("Image", ex.Message);
    }

    [Fact]
    public void SavingExplainsWhyItCannot()
    {
        var ml = new MLContext(seed: 1);
        using var featurizer = ml.Transforms.SimClr(TinyOptions()).CreateUntrained();
        var data = Scenes(ml, 2);
        using var stream = new MemoryStream();
        var ex = Assert.Throws<NotSupportedException>(() => ml.Model.Save(featurizer, data.Schema, stream));
        Assert.Contains("ModelSaveContext", ex.Message);
        Assert.Contains("ToMLNetPipeline", ex.Message);
    }

    [Fact]
    public void UnknownBackboneFailsAtConstruction()
    {
        var options = TinyOptions();
        options.Backbone = "vit-huge";
        var ex = Assert.Throws<ArgumentException>(() => new MLContext().Transforms.SimClr(options));
        Assert.Contains("resnet18", ex.Message);
    }
}
