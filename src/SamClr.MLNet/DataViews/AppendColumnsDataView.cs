using Microsoft.ML;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// A lazy <see cref="IDataView"/> that passes its input through and appends columns computed per row by
/// <see cref="ColumnMapper"/>s: the building block of the library's row-mapping transformers (ML.NET 5.0.1
/// has no public base class for them).
/// </summary>
/// <remarks>
/// <para>Schema: the input's columns at their input indices, then each mapper's output columns in order.
/// A new column with the name of an earlier column hides it, as ML.NET does (the hidden column keeps its
/// index and stays readable by index).</para>
/// <para>A cursor activates on the input only the requested input columns plus the input columns of the
/// mappers with a requested output. Appended values are computed lazily, at most once per row; reading an
/// appended column that was not requested throws.</para>
/// <para>Row count, shuffling and row ids are the input's. <see cref="GetRowCursorSet"/> returns a single
/// cursor. Internal plumbing: it is not part of the public API.</para>
/// </remarks>
internal sealed class AppendColumnsDataView : IDataView, ISourceImagesDataView
{
    private readonly IDataView _input;

    /// <summary>Creates the view.</summary>
    /// <param name="input">The data to extend.</param>
    /// <param name="mappers">The column groups to append, in order.</param>
    /// <exception cref="ArgumentException">A mapper reads an input column the input does not have.</exception>
    public AppendColumnsDataView(IDataView input, IEnumerable<ColumnMapper> mappers)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mappers);
        _input = input;
        Mappers = mappers.ToArray();
        if (Mappers.Count == 0)
            throw new ArgumentException("AppendColumnsDataView needs at least one column mapper.", nameof(mappers));

        var dependencies = new DataViewSchema.Column[Mappers.Count][];
        var outputs = new List<(int Mapper, int Output)>();
        for (var m = 0; m < Mappers.Count; m++)
        {
            var mapper = Mappers[m] ?? throw new ArgumentException("A column mapper is null.", nameof(mappers));
            dependencies[m] = mapper.InputColumnNames.Select(name => ResolveInput(input.Schema, name, mapper)).ToArray();
            for (var o = 0; o < mapper.OutputColumns.Count; o++)
                outputs.Add((m, o));
        }
        Schema = OutputSchema(input.Schema, Mappers);
        InputDependencies = dependencies;
        OutputSources = outputs;
    }

    /// <summary>The input's images behind <paramref name="columnName"/>, unless an appended column hides that column.</summary>
    public ISourceImages? SourceImagesOf(string columnName) =>
        Mappers.Any(m => m.OutputColumns.Any(c => c.Name == columnName)) ? null : (_input as ISourceImagesDataView)?.SourceImagesOf(columnName);

    /// <summary>
    /// The schema of a view over data of schema <paramref name="inputSchema"/>: for a transformer's
    /// <c>GetOutputSchema</c>, without building a view.
    /// </summary>
    /// <param name="inputSchema">The input schema.</param>
    /// <param name="mappers">The column groups to append, in order.</param>
    public static DataViewSchema OutputSchema(DataViewSchema inputSchema, IEnumerable<ColumnMapper> mappers)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(mappers);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        foreach (var mapper in mappers)
            builder.AddColumns(mapper.OutputColumns);
        return builder.ToSchema();
    }

    /// <inheritdoc/>
    public bool CanShuffle => _input.CanShuffle;

    /// <summary>The input schema followed by the appended columns.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>The mappers, in order.</summary>
    internal IReadOnlyList<ColumnMapper> Mappers { get; }

    /// <summary>For each mapper, the input columns it reads.</summary>
    internal IReadOnlyList<DataViewSchema.Column[]> InputDependencies { get; }

    /// <summary>For each appended column (schema index minus the input column count): its mapper and output index.</summary>
    internal IReadOnlyList<(int Mapper, int Output)> OutputSources { get; }

    /// <summary>The number of input columns; appended columns start at this schema index.</summary>
    internal int InputColumnCount => _input.Schema.Count;

    /// <inheritdoc/>
    public long? GetRowCount() => _input.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        var activeOutputs = new bool[Mappers.Count][];
        for (var m = 0; m < Mappers.Count; m++)
            activeOutputs[m] = new bool[Mappers[m].OutputColumns.Count];
        var inputColumns = new HashSet<int>();
        foreach (var column in columnsNeeded)
        {
            CheckColumn(column);
            if (column.Index < InputColumnCount)
            {
                inputColumns.Add(column.Index);
                continue;
            }
            var (mapper, output) = OutputSources[column.Index - InputColumnCount];
            activeOutputs[mapper][output] = true;
        }
        for (var m = 0; m < Mappers.Count; m++)
            if (activeOutputs[m].Any(active => active))
                inputColumns.UnionWith(InputDependencies[m].Select(c => c.Index));

        var inputCursor = _input.GetRowCursor(inputColumns.Order().Select(i => _input.Schema[i]), rand);
        return new AppendColumnsCursor(this, inputCursor, activeOutputs);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Checks that <paramref name="column"/> belongs to <see cref="Schema"/>.</summary>
    /// <param name="column">A column passed in by a caller.</param>
    /// <exception cref="ArgumentOutOfRangeException">The column is not one of this view's columns.</exception>
    internal void CheckColumn(DataViewSchema.Column column) => SchemaColumns.Check(Schema, column);

    private static DataViewSchema.Column ResolveInput(DataViewSchema schema, string name, ColumnMapper mapper)
        => schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The input data has no column '{name}', which is needed to compute column(s) " +
            $"{string.Join(", ", mapper.OutputColumns.Select(c => $"'{c.Name}'"))}. Available columns: " +
            $"{string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.", nameof(mapper));
}
