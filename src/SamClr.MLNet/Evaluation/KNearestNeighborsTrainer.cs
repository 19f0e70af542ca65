using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Trains a k-nearest-neighbours multiclass classifier, the kNN protocol of SAMCLR and the Lightly /
/// solo-learn benchmarks (the weighted kNN of Wu et al., 2018, "Unsupervised Feature Learning via Non-Parametric
/// Instance Discrimination"; SAMCLR paper, section 3): features are L2-normalised, a query's k most
/// cosine-similar training rows vote for their class with weight exp(similarity / temperature).
/// Create it with <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors(...)</c>.
/// </summary>
/// <remarks>
/// The label column must be a key type (use <c>mlContext.Transforms.Conversion.MapValueToKey</c>, as for
/// every ML.NET multiclass trainer) and the feature column a known-size vector of Single. Fitting reads the
/// training data once and keeps the normalised features in memory (rows x features x 4 bytes); rows with a
/// missing label or a non-finite feature are skipped.
/// </remarks>
public sealed class KNearestNeighborsTrainer : IEstimator<KNearestNeighborsModel>
{
    /// <summary>Options of <see cref="KNearestNeighborsTrainer"/>.</summary>
    public sealed class Options
    {
        /// <summary>The label column, a key type. Default "Label" (ML.NET's default label column name).</summary>
        public string LabelColumnName { get; set; } = "Label";

        /// <summary>The feature column, a known-size vector of Single. Default "Features" (ML.NET's default feature column name).</summary>
        public string FeatureColumnName { get; set; } = "Features";

        /// <summary>The number of neighbours that vote, at least 1; clipped to the number of training rows.
        /// Default 200, the kNN protocol's value (Wu et al., 2018; Lightly's and solo-learn's default, used by the SAMCLR paper).</summary>
        public int K { get; set; } = 200;

        /// <summary>The temperature T of the vote weights exp(similarity / T), greater than 0. Default 0.1, the kNN
        /// protocol's value (Wu et al., 2018; Lightly's and solo-learn's default, used by the SAMCLR paper).</summary>
        public float Temperature { get; set; } = 0.1f;
    }

    private readonly Options _options;

    /// <summary>Creates the trainer; prefer <c>mlContext.MulticlassClassification.Trainers.KNearestNeighbors</c>.</summary>
    /// <param name="options">The options; they are copied.</param>
    /// <exception cref="ArgumentException">A column name is empty, <see cref="Options.K"/> is below 1 or
    /// <see cref="Options.Temperature"/> is not a positive finite number.</exception>
    public KNearestNeighborsTrainer(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.LabelColumnName, $"{nameof(options)}.{nameof(Options.LabelColumnName)}");
        ArgumentException.ThrowIfNullOrEmpty(options.FeatureColumnName, $"{nameof(options)}.{nameof(Options.FeatureColumnName)}");
        if (options.K < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.K, "KNearestNeighbors: K must be at least 1 (the protocol's value is 200).");
        if (!(options.Temperature > 0f) || !float.IsFinite(options.Temperature))
            throw new ArgumentOutOfRangeException(nameof(options), options.Temperature,
                "KNearestNeighbors: Temperature must be a positive finite number (the protocol's value is 0.1).");
        _options = new Options
        {
            LabelColumnName = options.LabelColumnName,
            FeatureColumnName = options.FeatureColumnName,
            K = options.K,
            Temperature = options.Temperature,
        };
    }

    /// <summary>Stores the L2-normalised training features and labels.</summary>
    /// <param name="input">The training data.</param>
    /// <returns>The model; it appends "Score" and "PredictedLabel".</returns>
    /// <exception cref="ArgumentException">The label is not a key type, the features are not a known-size
    /// vector of Single, a column is missing, or no row has a label and finite features.</exception>
    public KNearestNeighborsModel Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var label = KnnColumnChecks.Label(input.Schema, _options.LabelColumnName);
        var features = KnnColumnChecks.Features(input.Schema, _options.FeatureColumnName, expectedSize: null);
        var reference = KnnReferenceSet.Read(input, label, features);
        return new KNearestNeighborsModel(reference, label, _options.FeatureColumnName, _options.K, _options.Temperature);
    }

    /// <summary>
    /// The input shape plus "Score" (a known-size vector of Single, with slot names when the label has key
    /// values) and "PredictedLabel" (the label's key type and key values).
    /// </summary>
    /// <param name="inputSchema">The shape of the training data.</param>
    /// <exception cref="ArgumentException">The label or feature column is missing or of the wrong kind.</exception>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var label = KnnColumnChecks.LabelShape(inputSchema, _options.LabelColumnName);
        KnnColumnChecks.FeatureShape(inputSchema, _options.FeatureColumnName);
        var hasKeyValues = label.Annotations.Any(a => a.Name == KeyColumns.KeyValuesKind);

        var scoreAnnotations = new DataViewSchema.Annotations.Builder();
        if (hasKeyValues)
            scoreAnnotations.Add(KeyColumns.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, 1),
                (ref VBuffer<ReadOnlyMemory<char>> value) => value = default);
        ScoringAnnotations.Add(scoreAnnotations, ScoringAnnotations.ScoreValue);

        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        SchemaShapeHelper.AddAnnotationShapes(labelAnnotations, label.Annotations, kind => kind == KeyColumns.KeyValuesKind);
        ScoringAnnotations.Add(labelAnnotations, ScoringAnnotations.PredictedLabelValue);

        return SchemaShapeHelper.Append(inputSchema,
        [
            new DataViewSchema.DetachedColumn(KNearestNeighborsModel.ScoreColumnName,
                new VectorDataViewType(NumberDataViewType.Single, 1), scoreAnnotations.ToAnnotations()),
            new DataViewSchema.DetachedColumn(KNearestNeighborsModel.PredictedLabelColumnName,
                SchemaShapeHelper.RepresentativeType(label), labelAnnotations.ToAnnotations()),
        ]);
    }
}
