using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// The cursor of <see cref="AppendColumnsDataView"/>: moves the input cursor, passes input columns through
/// and serves appended columns from per-row caches.
/// </summary>
internal sealed class AppendColumnsCursor : DataViewRowCursor
{
    private readonly AppendColumnsDataView _view;
    private readonly DataViewRowCursor _input;
    private readonly Delegate?[] _computeGetters;
    private readonly object?[] _cachedGetters;

    /// <summary>Creates the cursor and builds the getters of the active appended columns.</summary>
    /// <param name="view">The view the cursor belongs to.</param>
    /// <param name="input">The input cursor, with the needed columns active.</param>
    /// <param name="activeOutputs">Per mapper, per output column: whether it was requested.</param>
    public AppendColumnsCursor(AppendColumnsDataView view, DataViewRowCursor input, bool[][] activeOutputs)
    {
        _view = view;
        _input = input;
        _computeGetters = new Delegate?[view.OutputSources.Count];
        _cachedGetters = new object?[view.OutputSources.Count];
        var first = 0;
        for (var m = 0; m < view.Mappers.Count; m++)
        {
            var mapper = view.Mappers[m];
            if (activeOutputs[m].Any(active => active))
            {
                var getters = mapper.CreateGetters(input, activeOutputs[m]);
                if (getters.Length != mapper.OutputColumns.Count)
                    throw new InvalidOperationException(
                        $"The mapper of column '{mapper.OutputColumns[0].Name}' returned {getters.Length} getters for " +
                        $"{mapper.OutputColumns.Count} output columns.");
                for (var o = 0; o < getters.Length; o++)
                    if (activeOutputs[m][o])
                        _computeGetters[first + o] = getters[o] ?? throw new InvalidOperationException(
                            $"The mapper returned no getter for the requested column '{mapper.OutputColumns[o].Name}'.");
            }
            first += mapper.OutputColumns.Count;
        }
    }

    /// <inheritdoc/>
    public override DataViewSchema Schema => _view.Schema;

    /// <inheritdoc/>
    public override long Position => _input.Position;

    /// <inheritdoc/>
    public override long Batch => _input.Batch;

    /// <inheritdoc/>
    public override bool MoveNext() => _input.MoveNext();

    /// <inheritdoc/>
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    /// <summary>
    /// Whether the column's getter can be used: for an input column, whether it is active on the input cursor
    /// (requested, or read by a mapper whose output was requested); for an appended column, whether it was requested.
    /// </summary>
    /// <param name="column">A column of <see cref="Schema"/>.</param>
    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        _view.CheckColumn(column);
        return column.Index < _view.InputColumnCount
            ? _input.IsColumnActive(_input.Schema[column.Index])
            : _computeGetters[column.Index - _view.InputColumnCount] is not null;
    }

    /// <inheritdoc/>
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        _view.CheckColumn(column);
        if (column.Index < _view.InputColumnCount)
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);

        var slot = column.Index - _view.InputColumnCount;
        if (_computeGetters[slot] is not { } compute)
            throw new InvalidOperationException(
                $"Column '{column.Name}' is not active in this cursor: include it in the columns passed to GetRowCursor.");
        if (typeof(TValue) != column.Type.RawType)
            throw new InvalidOperationException(
                $"Column '{column.Name}' has type {column.Type} whose values are {column.Type.RawType.Name}; " +
                $"GetGetter<{typeof(TValue).Name}> cannot read it. Use GetGetter<{column.Type.RawType.Name}>.");
        if (_cachedGetters[slot] is not CachedColumnGetter<TValue> cached)
        {
            var typed = compute as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"The mapper's getter for column '{column.Name}' is a {compute.GetType().Name}, not a ValueGetter<{typeof(TValue).Name}>.");
            cached = new CachedColumnGetter<TValue>(_input, typed, column.Name);
            _cachedGetters[slot] = cached;
        }
        return cached.Get;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _input.Dispose();
        base.Dispose(disposing);
    }
}
