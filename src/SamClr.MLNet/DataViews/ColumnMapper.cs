using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// Describes a group of columns that <see cref="AppendColumnsDataView"/> appends to its input: their names,
/// types and annotations, the input columns they are computed from, and how to build the per-row getters.
/// </summary>
/// <remarks>
/// A mapper is shared by every cursor of the view, so it must be immutable. Per-cursor state (buffers,
/// a cached result shared by several output columns) belongs in the closures that
/// <see cref="CreateGetters"/> returns: the view calls it once per cursor, so each cursor gets its own
/// state and cursors can run on different threads. This type is internal plumbing for the library's
/// transformers; ML.NET 5.0.1 offers third-party code no public base class for row mappers.
/// </remarks>
internal abstract class ColumnMapper
{
    /// <summary>Creates a mapper description.</summary>
    /// <param name="inputColumnNames">The input columns the getters read. They are activated on the input
    /// cursor whenever any output column of this mapper is requested.</param>
    /// <param name="outputColumns">The appended columns, in order. An output column whose name equals an
    /// input column's (or an earlier output column's) hides it, as in ML.NET.</param>
    protected ColumnMapper(IEnumerable<string> inputColumnNames, IEnumerable<DataViewSchema.DetachedColumn> outputColumns)
    {
        ArgumentNullException.ThrowIfNull(inputColumnNames);
        ArgumentNullException.ThrowIfNull(outputColumns);
        InputColumnNames = inputColumnNames.ToArray();
        OutputColumns = outputColumns.ToArray();
        if (OutputColumns.Count == 0)
            throw new ArgumentException("A column mapper must declare at least one output column.", nameof(outputColumns));
        foreach (var name in InputColumnNames)
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(inputColumnNames));
    }

    /// <summary>Names of the input columns the getters read.</summary>
    public IReadOnlyList<string> InputColumnNames { get; }

    /// <summary>The appended columns, in order.</summary>
    public IReadOnlyList<DataViewSchema.DetachedColumn> OutputColumns { get; }

    /// <summary>
    /// Builds the getters of one cursor. Called once per cursor, before its first <c>MoveNext</c>.
    /// </summary>
    /// <param name="input">The input cursor; the columns named by <see cref="InputColumnNames"/> are active
    /// on it. Getters read the current row of this cursor.</param>
    /// <param name="activeOutputs">For each entry of <see cref="OutputColumns"/>, whether it was requested.</param>
    /// <returns>One entry per output column: a <c>ValueGetter&lt;T&gt;</c> whose <c>T</c> is the column
    /// type's <see cref="Microsoft.ML.Data.DataViewType.RawType"/> for active columns; null is allowed for
    /// inactive ones. The view caches each getter's value per row, so a getter runs at most once per row.</returns>
    public abstract Delegate?[] CreateGetters(DataViewRow input, IReadOnlyList<bool> activeOutputs);
}
