using Microsoft.ML;

namespace SamClr.MLNet.Evaluation;

/// <summary>The fitted fast probe, the L2 weight it chose and the hold-out accuracy of every weight tried.</summary>
/// <param name="Model">MapValueToKey -> NormalizeMeanVariance -> LbfgsMaximumEntropy, ML.NET's own transformers (saves with mlContext.Model.Save).</param>
/// <param name="L2Regularization">The chosen L2 weight.</param>
/// <param name="HoldOutAccuracies">Per L2 weight tried, the top-1 accuracy (0-1) on the held-out rows.</param>
public sealed record LbfgsLinearProbeResult(ITransformer Model, double L2Regularization, IReadOnlyList<(double L2Regularization, double Accuracy)> HoldOutAccuracies);

/// <summary>
/// The fast linear protocol on frozen features: features standardised with the mean and standard deviation of the
/// training rows (NormalizeMeanVariance without fixZero), ML.NET's L-BFGS maximum entropy with L2 only, and the L2
/// weight chosen by top-1 accuracy on a held-out part of the training rows (ties: the stronger regularisation), then
/// refitted on all training rows. This is how scikit-learn users run a linear probe (StandardScaler + LogisticRegression
/// with a C sweep); the SAMCLR authors' protocol is the slower <see cref="SgdLinearProbe"/>.
/// </summary>
public static class LbfgsLinearProbe
{
    /// <summary>Chooses the L2 weight on a hold-out of <paramref name="trainFeatures"/> and fits on all of it.</summary>
    /// <param name="ml">The context.</param>
    /// <param name="trainFeatures">Training rows with the feature and label columns (cache it: L-BFGS makes many passes).</param>
    /// <param name="options">Settings (default: the grid 1e-4 .. 10, 20% held out).</param>
    public static LbfgsLinearProbeResult Fit(MLContext ml, IDataView trainFeatures, LbfgsLinearProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(trainFeatures);
        options ??= new LbfgsLinearProbeOptions();
        options.Validate();
        var split = ml.Data.TrainTestSplit(trainFeatures, options.HoldOutFraction, seed: options.Seed);
        var accuracies = new List<(double, double)>();
        foreach (var l2 in options.L2Regularizations.OrderByDescending(l => l))
        {
            var model = Pipeline(ml, options, l2).Fit(split.TrainSet);
            accuracies.Add((l2, ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), options.LabelColumnName).MicroAccuracy));
        }
        // The first best in descending order: the strongest regularisation among equals.
        double chosen = accuracies.MaxBy(a => a.Item2).Item1;
        return new LbfgsLinearProbeResult(Pipeline(ml, options, chosen).Fit(trainFeatures), chosen, accuracies);
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, LbfgsLinearProbeOptions options, double l2) =>
        ml.Transforms.Conversion.MapValueToKey(options.LabelColumnName)
            .Append(ml.Transforms.NormalizeMeanVariance(options.FeatureColumnName, fixZero: false))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(options.LabelColumnName, options.FeatureColumnName,
                l1Regularization: 0, l2Regularization: (float)l2));
}
