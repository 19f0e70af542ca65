using System.Reflection;
using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// Holds the values of one input column for the rows of a block that a cursor read ahead, so they can be served
/// after the input cursor has moved on. Values are copied (<see cref="ValueCopier{TValue}"/>): the input's getter may
/// reuse its buffers for the next row.
/// </summary>
internal abstract class RowValueBuffer
{
    /// <summary>A buffer of <paramref name="capacity"/> rows for <paramref name="column"/> of <paramref name="input"/>.</summary>
    public static RowValueBuffer Create(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        var method = typeof(RowValueBuffer).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(column.Type.RawType);
        return (RowValueBuffer)method.Invoke(null, [input, column, capacity])!;
    }

    /// <summary>Copies the input's current value into slot <paramref name="slot"/>.</summary>
    public abstract void ReadCurrent(int slot);

    /// <summary>A getter that copies out the value of the slot <paramref name="currentSlot"/> names at call time.</summary>
    public abstract Delegate Getter(Func<int> currentSlot);

    private static RowValueBuffer CreateTyped<TValue>(DataViewRow input, DataViewSchema.Column column, int capacity) =>
        new Typed<TValue>(input.GetGetter<TValue>(column), capacity);

    private sealed class Typed<TValue>(ValueGetter<TValue> read, int capacity) : RowValueBuffer
    {
        private readonly TValue[] _values = new TValue[capacity];
        private TValue _scratch = default!;

        public override void ReadCurrent(int slot)
        {
            read(ref _scratch);
            ValueCopier<TValue>.Copy(in _scratch, ref _values[slot]);
        }

        public override Delegate Getter(Func<int> currentSlot) =>
            new ValueGetter<TValue>((ref TValue value) => ValueCopier<TValue>.Copy(in _values[currentSlot()], ref value));
    }
}
