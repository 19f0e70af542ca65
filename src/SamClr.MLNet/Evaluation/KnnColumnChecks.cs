using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Checks the label and feature columns the kNN trainer and model read, on a schema or a schema shape,
/// with errors that name the column, its type and the fix.
/// </summary>
internal static class KnnColumnChecks
{
    private const string KeyFix =
        "Convert it to a key first: mlContext.Transforms.Conversion.MapValueToKey(\"{0}\") before the trainer " +
        "(and mlContext.Transforms.Conversion.MapKeyToValue(\"PredictedLabel\") after it to get the class names back).";

    private const string VectorFix =
        "Give it a fixed size: a [VectorType(n)] attribute on the class the data is loaded from, " +
        "mlContext.Transforms.Concatenate of fixed-size columns, or a featurizer with a fixed output size.";

    /// <summary>The label column: a key type with between 1 and <see cref="int.MaxValue"/> values.</summary>
    /// <param name="schema">The data schema.</param>
    /// <param name="name">The label column name.</param>
    /// <exception cref="ArgumentException">The column is missing or not a usable key type.</exception>
    public static DataViewSchema.Column Label(DataViewSchema schema, string name)
    {
        var column = Find(schema, name, "label");
        if (column.Type is not KeyDataViewType keyType)
            throw new ArgumentException(
                $"The kNN label column '{name}' has type {column.Type}, but multiclass trainers need a key type. " +
                string.Format(KeyFix, name), nameof(schema));
        if (keyType.Count is 0 or > int.MaxValue)
            throw new ArgumentException(
                $"The kNN label column '{name}' has key type {keyType} with {keyType.Count} values; it needs between 1 and " +
                $"{int.MaxValue} classes. " + string.Format(KeyFix, name), nameof(schema));
        return column;
    }

    /// <summary>The feature column: a known-size vector of <see cref="float"/>.</summary>
    /// <param name="schema">The data schema.</param>
    /// <param name="name">The feature column name.</param>
    /// <param name="expectedSize">The size the model was trained with, or null when training.</param>
    /// <exception cref="ArgumentException">The column is missing, of the wrong type or of the wrong size.</exception>
    public static DataViewSchema.Column Features(DataViewSchema schema, string name, int? expectedSize)
    {
        var column = Find(schema, name, "feature");
        if (column.Type is not VectorDataViewType { ItemType: var item, IsKnownSize: true } vector || item != NumberDataViewType.Single)
            throw new ArgumentException(
                $"The kNN feature column '{name}' has type {column.Type}{(column.Type is VectorDataViewType { IsKnownSize: false } ? " (variable size)" : "")}, " +
                $"but it must be a known-size vector of Single. " + VectorFix, nameof(schema));
        if (expectedSize is { } size && vector.Size != size)
            throw new ArgumentException(
                $"The kNN feature column '{name}' has {vector.Size} values per row, but the model was trained on {size}. " +
                "Featurize the data the same way as the training data.", nameof(schema));
        return column;
    }

    /// <summary>The label column's shape: a scalar key.</summary>
    /// <param name="shape">The estimator's input shape.</param>
    /// <param name="name">The label column name.</param>
    public static SchemaShape.Column LabelShape(SchemaShape shape, string name)
    {
        var column = FindShape(shape, name, "label");
        if (!column.IsKey || column.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException(
                $"The kNN label column '{name}' is not a scalar key type, but multiclass trainers need one. " +
                string.Format(KeyFix, name), nameof(shape));
        return column;
    }

    /// <summary>The feature column's shape: a known-size vector of <see cref="float"/>.</summary>
    /// <param name="shape">The estimator's input shape.</param>
    /// <param name="name">The feature column name.</param>
    public static SchemaShape.Column FeatureShape(SchemaShape shape, string name)
    {
        var column = FindShape(shape, name, "feature");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentException(
                $"The kNN feature column '{name}' is {Describe(column)}, but it must be a known-size vector of Single. " + VectorFix,
                nameof(shape));
        return column;
    }

    private static string Describe(SchemaShape.Column column)
    {
        var item = column.IsKey ? $"key of {column.ItemType}" : column.ItemType.ToString();
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => $"a scalar {item}",
            SchemaShape.Column.VectorKind.Vector => $"a vector of {item}",
            _ => $"a vector of {item} (variable size)",
        };
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role)
        => schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The data has no column '{name}' for the kNN {role}s. Available columns: " +
            $"{string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}. " +
            $"Pass the right name as {role}ColumnName.", nameof(schema));

    private static SchemaShape.Column FindShape(SchemaShape shape, string name, string role)
        => shape.FirstOrDefault(c => c.Name == name) is { Name: not null } column
            ? column
            : throw new ArgumentException(
                $"The data has no column '{name}' for the kNN {role}s. Available columns: " +
                $"{string.Join(", ", shape.Select(c => $"'{c.Name}'"))}. Pass the right name as {role}ColumnName.", nameof(shape));
}
