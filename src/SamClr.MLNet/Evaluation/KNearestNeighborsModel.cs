using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// A trained k-nearest-neighbours classifier (made by <see cref="KNearestNeighborsTrainer"/>). It keeps the
/// L2-normalised training features in memory; <see cref="Transform"/> appends, lazily per row, the columns
/// ML.NET's multiclass evaluator and MapKeyToValue expect:
/// <list type="bullet">
/// <item>"Score": a vector of Single with one score per class (the normalised vote weights, summing to 1;
/// see <see cref="KnnVoting.Vote"/>), slot names = the class names when the label has key values;</item>
/// <item>"PredictedLabel": the training label's key type, with its key values, = argmax of the scores.</item>
/// </list>
/// </summary>
/// <remarks>
/// ML.NET cannot save a third-party transformer (its ModelSaveContext is internal), so this model is used
/// in memory: <c>mlContext.Model.Save</c> throws <see cref="NotSupportedException"/>. It is not a row-to-row
/// mapper, so it cannot back a PredictionEngine; transform an IDataView instead. <c>ToMLNetPipeline</c> (an extension
/// method in namespace Microsoft.ML) gives the same classifier as ML.NET's own transformers (an ONNX graph run by
/// ApplyOnnxModel), which save, load and back a PredictionEngine.
/// </remarks>
public sealed class KNearestNeighborsModel : ITransformer
{
    /// <summary>The name of the appended score column.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The name of the appended predicted-label column.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    private readonly KnnReferenceSet _reference;

    internal KNearestNeighborsModel(KnnReferenceSet reference, DataViewSchema.Column labelColumn, string featureColumnName, int k, float temperature)
    {
        _reference = reference;
        FeatureColumnName = featureColumnName;
        K = k;
        Temperature = temperature;
        LabelType = (KeyDataViewType)labelColumn.Type;
        ClassCount = (int)LabelType.Count;
        ClassNames = KeyColumns.KeyValuesAsText(labelColumn);
        OutputColumns = BuildOutputColumns(labelColumn);
    }

    /// <summary>The feature column <see cref="Transform"/> reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The number of neighbours that vote (clipped to <see cref="ReferenceCount"/> when voting).</summary>
    public int K { get; }

    /// <summary>The temperature T of the vote weights exp(similarity / T).</summary>
    public float Temperature { get; }

    /// <summary>The number of classes: the training label key type's count.</summary>
    public int ClassCount { get; }

    /// <summary>The class names from the label's key values, in class order, or null when it had none.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The number of features per row.</summary>
    public int FeatureDimension => _reference.Dimension;

    /// <summary>The number of stored training rows (rows with a label and finite features).</summary>
    public int ReferenceCount => _reference.Count;

    /// <summary>False: the model transforms IDataViews only (see the remarks on the class).</summary>
    public bool IsRowToRowMapper => false;

    internal KeyDataViewType LabelType { get; }

    internal IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns { get; }

    /// <summary>The input schema plus "Score" and "PredictedLabel".</summary>
    /// <param name="inputSchema">A schema with the feature column, a Single vector of <see cref="FeatureDimension"/> values.</param>
    /// <exception cref="ArgumentException">The feature column is missing or has the wrong type or size.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return AppendColumnsDataView.OutputSchema(inputSchema, [CreateMapper(inputSchema)]);
    }

    /// <summary>Appends "Score" and "PredictedLabel" to <paramref name="input"/>, computed lazily per row.</summary>
    /// <param name="input">Data with the feature column, a Single vector of <see cref="FeatureDimension"/> values.</param>
    /// <exception cref="ArgumentException">The feature column is missing or has the wrong type or size.</exception>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendColumnsDataView(input, [CreateMapper(input.Schema)]);
    }

    /// <summary>Not supported: see <see cref="IsRowToRowMapper"/>.</summary>
    /// <param name="inputSchema">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        => throw new NotSupportedException(
            "KNearestNeighborsModel is not a row-to-row mapper, so it cannot back a PredictionEngine. " +
            "Put the rows in an IDataView (mlContext.Data.LoadFromEnumerable) and call Transform.");

    /// <summary>Not supported: ML.NET's model format cannot hold a third-party transformer.</summary>
    /// <param name="ctx">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException(
            "KNearestNeighborsModel cannot be saved with mlContext.Model.Save: ML.NET's model format only holds " +
            "transformers from ML.NET itself (ModelSaveContext is internal). Use ToMLNetPipeline(mlContext, onnxPath): the same " +
            "classifier as an ONNX graph run by ApplyOnnxModel plus ML.NET's key mapping, which saves and loads with mlContext.Model.");

    /// <summary>The L2-normalised training features and their labels, the rows that vote.</summary>
    internal KnnReferenceSet Reference => _reference;

    /// <summary>Votes for one query (see <see cref="KnnVoting.Vote"/>).</summary>
    internal int Vote(ReadOnlySpan<float> query, Span<float> scores, KnnVotingScratch scratch)
        => KnnVoting.Vote(_reference.Features, _reference.Labels, query, K, Temperature, scores, scratch);

    private KnnPredictionMapper CreateMapper(DataViewSchema inputSchema)
    {
        KnnColumnChecks.Features(inputSchema, FeatureColumnName, FeatureDimension);
        return new KnnPredictionMapper(this, FeatureColumnName);
    }

    private DataViewSchema.DetachedColumn[] BuildOutputColumns(DataViewSchema.Column labelColumn)
    {
        var scoreAnnotations = new DataViewSchema.Annotations.Builder();
        if (ClassNames is { } names)
        {
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> slotNames = (ref VBuffer<ReadOnlyMemory<char>> value) =>
            {
                var editor = VBufferEditor.Create(ref value, names.Count);
                for (var i = 0; i < names.Count; i++)
                    editor.Values[i] = names[i].AsMemory();
                value = editor.Commit();
            };
            scoreAnnotations.Add(KeyColumns.SlotNamesKind, new VectorDataViewType(TextDataViewType.Instance, names.Count), slotNames);
        }
        ScoringAnnotations.Add(scoreAnnotations, ScoringAnnotations.ScoreValue);

        var labelAnnotations = new DataViewSchema.Annotations.Builder();
        labelAnnotations.Add(labelColumn.Annotations, kind => kind == KeyColumns.KeyValuesKind);
        ScoringAnnotations.Add(labelAnnotations, ScoringAnnotations.PredictedLabelValue);

        return
        [
            new DataViewSchema.DetachedColumn(ScoreColumnName, new VectorDataViewType(NumberDataViewType.Single, ClassCount), scoreAnnotations.ToAnnotations()),
            new DataViewSchema.DetachedColumn(PredictedLabelColumnName, LabelType, labelAnnotations.ToAnnotations()),
        ];
    }
}
