using SamClr.MLNet.Evaluation;

namespace Microsoft.ML;

/// <summary>
/// The k-nearest-neighbours multiclass trainer on <c>mlContext.MulticlassClassification.Trainers</c>
/// (ML.NET has none): the kNN evaluation protocol of SAMCLR and the Lightly / solo-learn benchmarks.
/// </summary>
public static class KNearestNeighborsCatalog
{
    /// <summary>
    /// A k-nearest-neighbours classifier: L2-normalised features, cosine similarity, the <paramref name="k"/>
    /// most similar training rows vote with weight exp(similarity / <paramref name="temperature"/>).
    /// The model appends "Score" (per-class scores summing to 1) and "PredictedLabel" (the label's key type).
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The label column, a key type (use MapValueToKey first). Default "Label".</param>
    /// <param name="featureColumnName">The feature column, a known-size vector of Single. Default "Features".</param>
    /// <param name="k">The number of neighbours, at least 1; clipped to the number of training rows.
    /// Default 200, the kNN protocol's value (Wu et al., 2018; Lightly's benchmarks, used by the SAMCLR paper).</param>
    /// <param name="temperature">The vote weight temperature, greater than 0. Default 0.1, the kNN protocol's value.</param>
    /// <returns>The trainer.</returns>
    public static KNearestNeighborsTrainer KNearestNeighbors(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label",
        string featureColumnName = "Features",
        int k = 200,
        float temperature = 0.1f)
        => KNearestNeighbors(catalog, new KNearestNeighborsTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            K = k,
            Temperature = temperature,
        });

    /// <summary>A k-nearest-neighbours classifier with the given options (see <see cref="KNearestNeighborsTrainer.Options"/>).</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The trainer options.</param>
    /// <returns>The trainer.</returns>
    public static KNearestNeighborsTrainer KNearestNeighbors(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        KNearestNeighborsTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new KNearestNeighborsTrainer(options);
    }
}
