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
        // Featurize each split once and cache it: the kNN vote and L-BFGS's passes then reuse the vectors.
        var trainFeatures = ml.Data.Cache(featurizer.Transform(train));
        var testFeatures = ml.Data.Cache(featurizer.Transform(test));

        var knn = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.KNearestNeighbors("Label", "Features", k, temperature));
        double knnTop1 = Evaluate(ml, knn.Fit(trainFeatures), testFeatures);

        var linear = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features"));
        double linearTop1 = Evaluate(ml, linear.Fit(trainFeatures), testFeatures);
        return new Result(knnTop1 * 100, linearTop1 * 100);
    }

    private static double Evaluate(MLContext ml, ITransformer model, IDataView test) =>
        ml.MulticlassClassification.Evaluate(model.Transform(test), "Label").MicroAccuracy;
}
