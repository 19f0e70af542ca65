using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>Checks shared by the library's data views.</summary>
internal static class SchemaColumns
{
    /// <summary>Checks that <paramref name="column"/> belongs to <paramref name="schema"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is not one of the schema's columns.</exception>
    public static void Check(DataViewSchema schema, DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= schema.Count || schema[column.Index].Name != column.Name)
            throw new ArgumentOutOfRangeException(nameof(column),
                $"Column '{column.Name}' (index {column.Index}) is not a column of this data view; take columns from its Schema.");
    }
}
