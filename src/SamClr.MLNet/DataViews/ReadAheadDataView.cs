using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// A lazy <see cref="IDataView"/> that passes its input through and appends one column computed a block of rows at a
/// time (<see cref="BlockComputedColumn{TItem, TValue}"/>): its cursor reads up to <see cref="BlockSize"/> rows ahead
/// of the caller, keeping their requested input values, and computes the block's values in one call the first time
/// one of them is read. To the caller it is an ordinary ML.NET cursor: one row at a time, input values, row ids and
/// positions as the input's, the same rows in the same order whatever the block size (shuffling and filtering are the
/// input's), and it can be disposed in the middle of a block.
/// </summary>
/// <remarks>
/// Schema: the input's columns, then the appended column (hiding an input column of the same name, as ML.NET does).
/// <see cref="GetRowCursorSet"/> returns a single cursor. Internal plumbing, like <see cref="AppendColumnsDataView"/>.
/// </remarks>
internal sealed class ReadAheadDataView<TItem, TValue> : IDataView, SamClr.MLNet.Data.ISourceImagesDataView where TItem : class
{
    private readonly IDataView _input;

    /// <summary>Creates the view.</summary>
    /// <param name="input">The data to extend.</param>
    /// <param name="column">The appended column.</param>
    /// <param name="blockSize">Rows read ahead and computed together (at least 1).</param>
    /// <exception cref="ArgumentException">The input has no column <see cref="BlockComputedColumn{TItem, TValue}.InputColumnName"/>.</exception>
    public ReadAheadDataView(IDataView input, BlockComputedColumn<TItem, TValue> column, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _input = input;
        Column = column;
        BlockSize = blockSize;
        Source = input.Schema.GetColumnOrNull(column.InputColumnName) ?? throw new ArgumentException(
            $"The input data has no column '{column.InputColumnName}', which is needed to compute column '{column.Column.Name}'.", nameof(input));
        Schema = OutputSchema(input.Schema, column.Column);
    }

    /// <summary>The schema of such a view over data of schema <paramref name="inputSchema"/>.</summary>
    public static DataViewSchema OutputSchema(DataViewSchema inputSchema, DataViewSchema.DetachedColumn column)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(column.Name, column.Type, column.Annotations);
        return builder.ToSchema();
    }

    /// <summary>Rows read ahead and computed together.</summary>
    public int BlockSize { get; }

    /// <summary>The input's images behind <paramref name="columnName"/>, unless the appended column hides that column.</summary>
    public SamClr.MLNet.Data.ISourceImages? SourceImagesOf(string columnName) =>
        columnName == Column.Column.Name ? null : (_input as SamClr.MLNet.Data.ISourceImagesDataView)?.SourceImagesOf(columnName);

    /// <summary>The appended column.</summary>
    internal BlockComputedColumn<TItem, TValue> Column { get; }

    /// <summary>The input column the items come from.</summary>
    internal DataViewSchema.Column Source { get; }

    /// <summary>The number of input columns; the appended column has this index.</summary>
    internal int InputColumnCount => _input.Schema.Count;

    /// <inheritdoc/>
    public bool CanShuffle => _input.CanShuffle;

    /// <summary>The input schema followed by the appended column.</summary>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _input.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var inputColumns = new SortedSet<int>();
        bool computed = false;
        foreach (var column in columnsNeeded)
        {
            CheckColumn(column);
            if (column.Index == InputColumnCount) computed = true;
            else inputColumns.Add(column.Index);
        }
        var passThrough = inputColumns.ToArray();
        if (computed) inputColumns.Add(Source.Index);
        var input = _input.GetRowCursor(inputColumns.Select(i => _input.Schema[i]), rand);
        return new ReadAheadCursor<TItem, TValue>(this, input, passThrough, computed);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Checks that <paramref name="column"/> belongs to <see cref="Schema"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The column is not one of this view's columns.</exception>
    internal void CheckColumn(DataViewSchema.Column column) => SchemaColumns.Check(Schema, column);
}
