using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// The easy way to write a <see cref="ColumnMapper"/> with a single output column of raw type
/// <typeparamref name="TValue"/>: give its name, type, the input columns it reads, and a factory that
/// builds a getter for one cursor.
/// </summary>
/// <typeparam name="TValue">The column type's raw type, e.g. <see cref="float"/> for
/// <see cref="NumberDataViewType.Single"/>, <see cref="VBuffer{T}"/> of float for a vector of Single.</typeparam>
internal sealed class OutputColumn<TValue> : ColumnMapper
{
    private readonly Func<DataViewRow, ValueGetter<TValue>> _getterFactory;

    /// <summary>Describes one appended column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The column type; its raw type must be <typeparamref name="TValue"/>.</param>
    /// <param name="inputColumnNames">The input columns the getter reads.</param>
    /// <param name="getterFactory">Called once per cursor with the input cursor; returns the getter that
    /// computes the value of the cursor's current row. The factory may allocate per-cursor buffers.</param>
    /// <param name="annotations">Optional annotations (for example slot names or key values); none by default.</param>
    public OutputColumn(
        string name,
        DataViewType type,
        IEnumerable<string> inputColumnNames,
        Func<DataViewRow, ValueGetter<TValue>> getterFactory,
        DataViewSchema.Annotations? annotations = null)
        : base(inputColumnNames, [new DataViewSchema.DetachedColumn(CheckName(name), CheckType(name, type), annotations)])
    {
        ArgumentNullException.ThrowIfNull(getterFactory);
        _getterFactory = getterFactory;
    }

    /// <inheritdoc/>
    public override Delegate?[] CreateGetters(DataViewRow input, IReadOnlyList<bool> activeOutputs)
        => [activeOutputs[0] ? _getterFactory(input) : null];

    private static string CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }

    private static DataViewType CheckType(string name, DataViewType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.RawType != typeof(TValue))
            throw new ArgumentException(
                $"Output column '{name}' has type {type} whose values are {type.RawType.Name}, but its getter " +
                $"produces {typeof(TValue).Name}. Use OutputColumn<{type.RawType.Name}> for this type.", nameof(type));
        return type;
    }
}
