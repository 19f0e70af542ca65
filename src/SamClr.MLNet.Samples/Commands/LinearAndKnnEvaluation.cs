using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Top-1 accuracy of one featurizer under the protocols of the paper, through the library's evaluation API: kNN
/// (k=200, T=0.1), the fast linear probe (<see cref="LbfgsLinearProbe"/>) and the authors' linear probe
/// (<see cref="SgdLinearProbe"/>, evaluated through its ML.NET pipeline).
/// </summary>
internal static class LinearAndKnnEvaluation
{
    public sealed record Result(double KnnTop1, double LinearTop1);

    /// <summary>
    /// Featurizes <paramref name="train"/> and <paramref name="test"/> (columns Image and Label) with
    /// <paramref name="featurizer"/>, then evaluates kNN and the fast linear probe on the features.
    /// </summary>
    public static Result Run(MLContext ml, ITransformer featurizer, IDataView train, IDataView test, int k = 200, float temperature = 0.1f)
    {
        var (trainFeatures, testFeatures) = Featurize(ml, featurizer, train, test);
        return new Result(Knn(ml, trainFeatures, testFeatures, k, temperature), Linear(ml, trainFeatures, testFeatures));
    }

    /// <summary>
    /// Featurizes both splits once and caches them, so the kNN vote and L-BFGS's passes reuse the vectors; the cache
    /// fills on the first pass over each returned view.
    /// </summary>
    public static (IDataView Train, IDataView Test) Featurize(MLContext ml, ITransformer featurizer, IDataView train, IDataView test) =>
        (ml.Data.Cache(featurizer.Transform(train)), ml.Data.Cache(featurizer.Transform(test)));

    /// <summary>
    /// Featurizes two labelled image sets batch-wise (<see cref="ImageEncoder.Encode(ImageSet, int)"/>, 256 images per
    /// forward, the same resize as the transformer's) into cached views with the featurizer's feature column and a text
    /// "Label": far faster than the transformer's row-by-row path for the many encoders of a reproduction.
    /// </summary>
    public static (IDataView Train, IDataView Test) Featurize(MLContext ml, ImageFeaturizerTransformer featurizer, ImageSet train, ImageSet test) =>
        (FeatureView(ml, featurizer, train), FeatureView(ml, featurizer, test));

    private static IDataView FeatureView(MLContext ml, ImageFeaturizerTransformer featurizer, ImageSet set)
    {
        var features = featurizer.Encoder.Encode(set);
        var rows = features.Select((vector, i) => new FeatureRow { Features = vector, Label = set.ClassNames![set.Labels![i]] });
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnName = featurizer.OutputColumnName;
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featurizer.FeatureDimension);
        return ml.Data.Cache(ml.Data.LoadFromEnumerable(rows, schema));
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    /// <summary>kNN top-1 (%) on featurized splits (columns Features and Label): MapValueToKey -> KNearestNeighbors.</summary>
    public static double Knn(MLContext ml, IDataView trainFeatures, IDataView testFeatures, int k = 200, float temperature = 0.1f)
    {
        var knn = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors("Label", "Features", k, temperature));
        return Evaluate(ml, knn.Fit(trainFeatures), testFeatures) * 100;
    }

    /// <summary>Fast linear-probe top-1 (%) on featurized splits: standardised features, L-BFGS, L2 chosen on a hold-out of the training split.</summary>
    public static double Linear(MLContext ml, IDataView trainFeatures, IDataView testFeatures, int seed = 0) =>
        Evaluate(ml, LbfgsLinearProbe.Fit(ml, trainFeatures, new LbfgsLinearProbeOptions { Seed = seed }).Model, testFeatures) * 100;

    /// <summary>
    /// The authors' linear-probe top-1 (%): the SGD probe trained on crops and flips of <paramref name="train"/>'s images,
    /// evaluated on the unaugmented <paramref name="testFeatures"/> through its ML.NET pipeline (ONNX Gemm in ApplyOnnxModel).
    /// </summary>
    public static double LinearSgd(MLContext ml, ImageFeaturizerTransformer featurizer, IDataView train, IDataView testFeatures, int epochs, int seed,
        CancellationToken cancellation)
    {
        var labels = ml.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var probe = SgdLinearProbe.Fit(ml, featurizer, labels.Transform(train),
            new SgdLinearProbeOptions { Epochs = epochs, Seed = seed, FeatureColumnName = featurizer.OutputColumnName, Cancellation = cancellation });
        string onnx = Path.Combine(Path.GetTempPath(), $"samclr-probe-{Guid.NewGuid():N}.onnx");
        try
        {
            var keyed = labels.Transform(testFeatures);
            var model = probe.ToMLNetPipeline(ml, onnx).Fit(keyed);
            return ml.MulticlassClassification.Evaluate(model.Transform(keyed), "Label").MicroAccuracy * 100;
        }
        finally
        {
            File.Delete(onnx);
        }
    }

    private static double Evaluate(MLContext ml, ITransformer model, IDataView test) =>
        ml.MulticlassClassification.Evaluate(model.Transform(test), "Label").MicroAccuracy;
}
