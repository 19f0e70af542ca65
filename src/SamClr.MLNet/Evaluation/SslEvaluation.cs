using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Featurization;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// The evaluation protocol of the SAMCLR paper (section 4, after Lightly's benchmarks) for a frozen encoder: top-1
/// accuracy of a kNN classifier on its features (k = 200, T = 0.1), of the fast linear probe
/// (<see cref="LbfgsLinearProbe"/>: standardised features, L-BFGS, L2 chosen on a hold-out) and of the authors' linear
/// probe (<see cref="SgdLinearProbe"/>: SGD on crops and flips, evaluated through its ML.NET pipeline). Used by the
/// samples' demo, pretrain and reproduce commands; every step is also public on its own.
/// </summary>
public static class SslEvaluation
{
    /// <summary>
    /// Featurizes <paramref name="train"/> and <paramref name="test"/> (an image column and a "Label" column) with
    /// <paramref name="featurizer"/>, then returns the kNN and fast linear-probe top-1 (%) on the features.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="featurizer">A fitted featurizer whose output column is "Features" (the estimators' default).</param>
    /// <param name="train">The labelled training split (the reference set of kNN, the probe's training data).</param>
    /// <param name="test">The labelled test split.</param>
    /// <param name="k">Neighbours of the kNN vote (default 200, the paper's).</param>
    /// <param name="temperature">Temperature of the kNN vote weights (default 0.1, the paper's).</param>
    public static SslEvaluationResult Evaluate(MLContext mlContext, ITransformer featurizer, IDataView train, IDataView test, int k = 200, float temperature = 0.1f)
    {
        var (trainFeatures, testFeatures) = Featurize(mlContext, featurizer, train, test);
        return new SslEvaluationResult(KnnTop1(mlContext, trainFeatures, testFeatures, k, temperature), LinearTop1(mlContext, trainFeatures, testFeatures));
    }

    /// <summary>
    /// Featurizes both splits once and caches them, so the kNN vote and L-BFGS's passes reuse the vectors; the cache
    /// fills on the first pass over each returned view.
    /// </summary>
    public static (IDataView Train, IDataView Test) Featurize(MLContext mlContext, ITransformer featurizer, IDataView train, IDataView test) =>
        (mlContext.Data.Cache(featurizer.Transform(train)), mlContext.Data.Cache(featurizer.Transform(test)));

    /// <summary>
    /// Featurizes two labelled image sets batch-wise (<see cref="ImageEncoder.Encode(ImageSet, int)"/>, 256 images per
    /// forward, the same resize as the transformer's) into cached views with the featurizer's feature column and a text
    /// "Label": far faster than the transformer's row-by-row path when many encoders are evaluated.
    /// </summary>
    public static (IDataView Train, IDataView Test) Featurize(MLContext mlContext, ImageFeaturizerTransformer featurizer, ImageSet train, ImageSet test) =>
        (FeatureView(mlContext, featurizer, train), FeatureView(mlContext, featurizer, test));

    /// <summary>kNN top-1 (%) on featurized splits (columns "Features" and "Label"): MapValueToKey, then <see cref="KNearestNeighborsTrainer"/>.</summary>
    public static double KnnTop1(MLContext mlContext, IDataView trainFeatures, IDataView testFeatures, int k = 200, float temperature = 0.1f)
    {
        var knn = mlContext.Transforms.Conversion.MapValueToKey("Label")
            .Append(mlContext.MulticlassClassification.Trainers.KNearestNeighbors("Label", "Features", k, temperature));
        return Accuracy(mlContext, knn.Fit(trainFeatures), testFeatures);
    }

    /// <summary>Fast linear-probe top-1 (%) on featurized splits: standardised features, L-BFGS, L2 chosen on a hold-out of the training split.</summary>
    public static double LinearTop1(MLContext mlContext, IDataView trainFeatures, IDataView testFeatures, int seed = 0) =>
        Accuracy(mlContext, LbfgsLinearProbe.Fit(mlContext, trainFeatures, new LbfgsLinearProbeOptions { Seed = seed }).Model, testFeatures);

    /// <summary>
    /// The authors' linear-probe top-1 (%): the SGD probe trained on crops and flips of <paramref name="train"/>'s images,
    /// then scored on the unaugmented <paramref name="testFeatures"/> (the featurizer's feature column and "Label") with
    /// <see cref="LinearProbeModel.Predict"/>, the arithmetic its exported ML.NET pipeline runs.
    /// </summary>
    public static double SgdLinearTop1(MLContext mlContext, ImageFeaturizerTransformer featurizer, IDataView train, IDataView testFeatures, int epochs, int seed,
        CancellationToken cancellation = default)
    {
        var labels = mlContext.Transforms.Conversion.MapValueToKey("Label").Fit(train);
        var probe = SgdLinearProbe.Fit(mlContext, featurizer, labels.Transform(train),
            new SgdLinearProbeOptions { Epochs = epochs, Seed = seed, FeatureColumnName = featurizer.OutputColumnName, Cancellation = cancellation });
        var keyed = labels.Transform(testFeatures);
        var featureColumn = keyed.Schema[featurizer.OutputColumnName];
        var labelColumn = keyed.Schema["Label"];
        long right = 0, total = 0;
        using var cursor = keyed.GetRowCursor(new[] { featureColumn, labelColumn });
        var readFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var readLabel = KeyColumns.ClassIndexReader(cursor, labelColumn);
        VBuffer<float> buffer = default;
        var features = new float[probe.FeatureDimension];
        while (cursor.MoveNext())
        {
            // A label the training split does not have (a missing key) is skipped, as ML.NET's evaluator skips it.
            long label = readLabel();
            if (label < 0) continue;
            readFeatures(ref buffer);
            buffer.CopyTo(features);
            total++;
            if (probe.Predict(features) == label) right++;
        }
        return total == 0 ? 0 : 100.0 * right / total;
    }

    private static IDataView FeatureView(MLContext mlContext, ImageFeaturizerTransformer featurizer, ImageSet set)
    {
        if (set.Labels is null || set.ClassNames is null)
            throw new ArgumentException("Evaluation needs a labelled image set; this one has no labels.", nameof(set));
        var features = featurizer.Encoder.Encode(set);
        var rows = features.Select((vector, i) => new FeatureRow { Features = vector, Label = set.ClassNames[set.Labels[i]] });
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnName = featurizer.OutputColumnName;
        schema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featurizer.FeatureDimension);
        return mlContext.Data.Cache(mlContext.Data.LoadFromEnumerable(rows, schema));
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    private static double Accuracy(MLContext mlContext, ITransformer model, IDataView test) =>
        mlContext.MulticlassClassification.Evaluate(model.Transform(test), "Label").MicroAccuracy * 100;
}

/// <summary>Top-1 accuracies (%) of one encoder under <see cref="SslEvaluation.Evaluate"/>.</summary>
/// <param name="KnnTop1">kNN (k = 200, T = 0.1 by default).</param>
/// <param name="LinearTop1">The fast linear probe (<see cref="LbfgsLinearProbe"/>).</param>
public sealed record SslEvaluationResult(double KnnTop1, double LinearTop1);
