using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// Wraps a mapper's getter for one appended column of one cursor so that the value is computed at most
/// once per row (keyed by the row's <see cref="DataViewRow.Position"/>) and only when asked for.
/// </summary>
/// <typeparam name="TValue">The column's raw type.</typeparam>
internal sealed class CachedColumnGetter<TValue>
{
    private readonly DataViewRow _row;
    private readonly ValueGetter<TValue> _compute;
    private readonly string _columnName;
    private TValue _value = default!;
    private long _cachedPosition = -1;

    /// <summary>Creates the cache.</summary>
    /// <param name="row">The row whose position keys the cache.</param>
    /// <param name="compute">The mapper's getter.</param>
    /// <param name="columnName">The column name, for error messages.</param>
    public CachedColumnGetter(DataViewRow row, ValueGetter<TValue> compute, string columnName)
    {
        _row = row;
        _compute = compute;
        _columnName = columnName;
    }

    /// <summary>The getter handed to callers: computes on the first call for a row, then copies the cached value.</summary>
    /// <param name="value">Receives a copy that owns its buffers.</param>
    public void Get(ref TValue value)
    {
        var position = _row.Position;
        if (position < 0)
            throw new InvalidOperationException(
                $"Column '{_columnName}' was read before the cursor's first MoveNext() (or after it returned false). Call MoveNext() first.");
        if (position != _cachedPosition)
        {
            _compute(ref _value);
            _cachedPosition = position;
        }
        ValueCopier<TValue>.Copy(in _value, ref value);
    }
}
