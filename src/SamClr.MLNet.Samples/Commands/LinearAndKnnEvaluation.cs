using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Featurization;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Top-1 accuracy of one featurizer under the two protocols of the paper: kNN (k=200, T=0.1) and a linear probe.</summary>
internal static class LinearAndKnnEvaluation
{
    public sealed record Result(double KnnTop1, double LinearTop1);

    /// <summary>
    /// Featurizes <paramref name="train"/> and <paramref name="test"/> (columns Image and Label) with
    /// <paramref name="featurizer"/>, then fits and evaluates two ML.NET pipelines on the features:
    /// MapValueToKey -> KNearestNeighbors and MapValueToKey -> LbfgsMaximumEntropy.
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

    /// <summary>kNN top-1 (%) on featurized splits (columns Features and Label): MapValueToKey -> KNearestNeighbors.</summary>
    public static double Knn(MLContext ml, IDataView trainFeatures, IDataView testFeatures, int k = 200, float temperature = 0.1f)
    {
        var knn = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors("Label", "Features", k, temperature));
        return Evaluate(ml, knn.Fit(trainFeatures), testFeatures) * 100;
    }

    /// <summary>Linear-probe top-1 (%) on featurized splits: NormalizeMinMax -> MapValueToKey -> LbfgsMaximumEntropy.</summary>
    public static double Linear(MLContext ml, IDataView trainFeatures, IDataView testFeatures)
    {
        var linear = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features"));
        return Evaluate(ml, linear.Fit(trainFeatures), testFeatures) * 100;
    }

    private static double Evaluate(MLContext ml, ITransformer model, IDataView test) =>
        ml.MulticlassClassification.Evaluate(model.Transform(test), "Label").MicroAccuracy;
}
