using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// The kNN model's memory: the L2-normalised feature rows of the training data (row-major) and their class
/// indices. Rows with a missing label (key 0) or a non-finite feature value are left out, as ML.NET's
/// trainers leave such rows out.
/// </summary>
internal sealed class KnnReferenceSet
{
    private KnnReferenceSet(float[] features, int[] labels, int dimension)
    {
        Features = features;
        Labels = labels;
        Dimension = dimension;
    }

    /// <summary>The normalised feature rows, row-major, <see cref="Count"/> x <see cref="Dimension"/>.</summary>
    public float[] Features { get; }

    /// <summary>The class index (key value - 1) of each row.</summary>
    public int[] Labels { get; }

    /// <summary>The number of features per row.</summary>
    public int Dimension { get; }

    /// <summary>The number of stored rows.</summary>
    public int Count => Labels.Length;

    /// <summary>Reads every usable row of <paramref name="data"/>.</summary>
    /// <param name="data">The training data.</param>
    /// <param name="labelColumn">Its key-typed label column (checked by <see cref="KnnColumnChecks.Label"/>).</param>
    /// <param name="featureColumn">Its known-size Single vector feature column (checked by <see cref="KnnColumnChecks.Features"/>).</param>
    /// <exception cref="ArgumentException">No row has both a label and finite features, or a label exceeds the key count.</exception>
    public static KnnReferenceSet Read(IDataView data, DataViewSchema.Column labelColumn, DataViewSchema.Column featureColumn)
    {
        var dimension = ((VectorDataViewType)featureColumn.Type).Size;
        var classCount = (long)((KeyDataViewType)labelColumn.Type).Count;
        var capacity = (int)Math.Min(data.GetRowCount() ?? 1024, int.MaxValue / Math.Max(dimension, 1));
        var features = new float[Math.Max(capacity, 1) * dimension];
        var labels = new List<int>(Math.Max(capacity, 1));
        var buffer = default(VBuffer<float>);

        using (var cursor = data.GetRowCursor([labelColumn, featureColumn]))
        {
            var readLabel = KeyColumns.ClassIndexReader(cursor, labelColumn);
            var readFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
            while (cursor.MoveNext())
            {
                var label = readLabel();
                if (label < 0)
                    continue;
                if (label >= classCount)
                    throw new ArgumentException(
                        $"Row {cursor.Position} of label column '{labelColumn.Name}' has key value {label + 1}, above the key type's count {classCount}.",
                        nameof(data));
                readFeatures(ref buffer);
                if ((long)(labels.Count + 1) * dimension > features.Length)
                    Array.Resize(ref features, checked(features.Length * 2));
                var row = features.AsSpan(labels.Count * dimension, dimension);
                buffer.CopyTo(row);
                if (!AllFinite(row))
                    continue;
                KnnVoting.L2Normalize(row);
                labels.Add((int)label);
            }
        }

        if (labels.Count == 0)
            throw new ArgumentException(
                $"The kNN training data has no row with a label in '{labelColumn.Name}' and finite values in '{featureColumn.Name}'.",
                nameof(data));
        Array.Resize(ref features, labels.Count * dimension);
        return new KnnReferenceSet(features, labels.ToArray(), dimension);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
            if (!float.IsFinite(value))
                return false;
        return true;
    }
}
