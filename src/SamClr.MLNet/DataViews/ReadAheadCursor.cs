using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// The cursor of <see cref="ReadAheadDataView{TItem, TValue}"/>: fills a block of up to BlockSize rows from the input
/// cursor (copies of the requested input values, row ids, and the items of the computed column), then serves the
/// block row by row; the computed values of a block are made in one call, when the first of them is read.
/// </summary>
internal sealed class ReadAheadCursor<TItem, TValue> : DataViewRowCursor where TItem : class
{
    private readonly ReadAheadDataView<TItem, TValue> _view;
    private readonly DataViewRowCursor _input;
    private readonly Dictionary<int, RowValueBuffer> _buffers = [];
    private readonly ValueGetter<DataViewRowId> _readId;
    private readonly DataViewRowId[] _ids;
    private readonly Func<TItem?>? _readItem;
    private readonly TItem?[] _items;
    private TValue[]? _values; // per row of the block; null until computed
    private int _count;
    private int _slot = -1;
    private long _position = -1;
    private bool _done;

    public ReadAheadCursor(ReadAheadDataView<TItem, TValue> view, DataViewRowCursor input, int[] passThrough, bool computed)
    {
        _view = view;
        _input = input;
        foreach (int index in passThrough)
            _buffers[index] = RowValueBuffer.Create(input, input.Schema[index], view.BlockSize);
        _readId = input.GetIdGetter();
        _ids = new DataViewRowId[view.BlockSize];
        _items = new TItem?[view.BlockSize];
        if (computed) _readItem = view.Column.CreateItemReader(input);
    }

    /// <inheritdoc/>
    public override DataViewSchema Schema => _view.Schema;

    /// <inheritdoc/>
    public override long Position => _position;

    /// <inheritdoc/>
    public override long Batch => 0;

    /// <inheritdoc/>
    public override bool MoveNext()
    {
        if (_done) return false;
        if (++_slot >= _count && !Fill())
        {
            _done = true;
            _position = -1;
            return false;
        }
        _position++;
        return true;
    }

    /// <inheritdoc/>
    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) =>
    {
        CheckOnRow("the row id");
        value = _ids[_slot];
    };

    /// <inheritdoc/>
    public override bool IsColumnActive(DataViewSchema.Column column)
    {
        _view.CheckColumn(column);
        return column.Index == _view.InputColumnCount ? _readItem is not null : _buffers.ContainsKey(column.Index);
    }

    /// <inheritdoc/>
    public override ValueGetter<T> GetGetter<T>(DataViewSchema.Column column)
    {
        _view.CheckColumn(column);
        if (typeof(T) != column.Type.RawType)
            throw new InvalidOperationException(
                $"Column '{column.Name}' has type {column.Type} whose values are {column.Type.RawType.Name}; " +
                $"GetGetter<{typeof(T).Name}> cannot read it. Use GetGetter<{column.Type.RawType.Name}>.");
        if (column.Index < _view.InputColumnCount)
        {
            if (!_buffers.TryGetValue(column.Index, out var buffer))
                throw new InvalidOperationException(
                    $"Column '{column.Name}' is not active in this cursor: include it in the columns passed to GetRowCursor.");
            return (ValueGetter<T>)buffer.Getter(() => CheckOnRow(column.Name));
        }
        if (_readItem is null)
            throw new InvalidOperationException(
                $"Column '{column.Name}' is not active in this cursor: include it in the columns passed to GetRowCursor.");
        return (ValueGetter<T>)(Delegate)new ValueGetter<TValue>((ref TValue value) =>
        {
            int slot = CheckOnRow(column.Name);
            _values ??= ComputeBlock();
            if (_items[slot] is null) throw new InvalidDataException(_view.Column.MissingValueMessage(_position));
            ValueCopier<TValue>.Copy(in _values[slot], ref value);
        });
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Reads the next block from the input; false when the input has no more rows.</summary>
    private bool Fill()
    {
        Array.Clear(_items);
        _values = null;
        _count = 0;
        _slot = 0;
        while (_count < _view.BlockSize && _input.MoveNext())
        {
            foreach (var buffer in _buffers.Values) buffer.ReadCurrent(_count);
            _readId(ref _ids[_count]);
            if (_readItem is not null) _items[_count] = _readItem();
            _count++;
        }
        return _count > 0;
    }

    private TValue[] ComputeBlock()
    {
        var present = Enumerable.Range(0, _count).Where(i => _items[i] is not null).ToArray();
        var computed = _view.Column.ComputeBlock(present.Select(i => _items[i]!).ToArray());
        if (computed.Length != present.Length)
            throw new InvalidOperationException($"Column '{_view.Column.Column.Name}': {computed.Length} values computed for {present.Length} rows.");
        var values = new TValue[_count];
        for (int i = 0; i < present.Length; i++) values[present[i]] = computed[i];
        return values;
    }

    /// <summary>The current row's slot in the block; throws before the first MoveNext or after the last.</summary>
    private int CheckOnRow(string what)
    {
        if (_position < 0)
            throw new InvalidOperationException(
                $"{what} was read before the cursor's first MoveNext() (or after it returned false). Call MoveNext() first.");
        return _slot;
    }
}
