using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Reading and writing key-typed columns whatever their raw type (byte, ushort, uint or ulong; ML.NET's
/// MapValueToKey makes uint). Key value 0 means missing; value v &gt; 0 is class index v - 1.
/// </summary>
internal static class KeyColumns
{
    /// <summary>The annotation kind that holds a key column's values (ML.NET's "KeyValues").</summary>
    public const string KeyValuesKind = "KeyValues";

    /// <summary>The annotation kind that names the slots of a vector column (ML.NET's "SlotNames").</summary>
    public const string SlotNamesKind = "SlotNames";

    /// <summary>A getter that reads a key column of any raw type as a class index, -1 for a missing key.</summary>
    /// <param name="row">The row to read.</param>
    /// <param name="column">A key-typed column of <paramref name="row"/>.</param>
    public static Func<long> ClassIndexReader(DataViewRow row, DataViewSchema.Column column)
    {
        var rawType = column.Type.RawType;
        if (rawType == typeof(uint)) return Reader<uint>(row, column, v => v);
        if (rawType == typeof(byte)) return Reader<byte>(row, column, v => v);
        if (rawType == typeof(ushort)) return Reader<ushort>(row, column, v => v);
        if (rawType == typeof(ulong)) return Reader<ulong>(row, column, v => v);
        throw new ArgumentException($"Column '{column.Name}' has raw type {rawType.Name}, which is not a key raw type.", nameof(column));
    }

    /// <summary>
    /// A <c>ValueGetter</c> of the key type's raw type that writes <c>classIndex() + 1</c>, or 0 (missing)
    /// when <paramref name="classIndex"/> returns -1.
    /// </summary>
    /// <param name="keyType">The key type to write.</param>
    /// <param name="classIndex">Returns the class index of the current row, or -1.</param>
    public static Delegate KeyWriter(KeyDataViewType keyType, Func<int> classIndex)
    {
        var rawType = keyType.RawType;
        if (rawType == typeof(uint)) return (ValueGetter<uint>)((ref uint v) => v = (uint)(classIndex() + 1));
        if (rawType == typeof(byte)) return (ValueGetter<byte>)((ref byte v) => v = (byte)(classIndex() + 1));
        if (rawType == typeof(ushort)) return (ValueGetter<ushort>)((ref ushort v) => v = (ushort)(classIndex() + 1));
        if (rawType == typeof(ulong)) return (ValueGetter<ulong>)((ref ulong v) => v = (ulong)(classIndex() + 1));
        throw new ArgumentException($"Key type {keyType} has raw type {rawType.Name}, which is not a key raw type.", nameof(keyType));
    }

    /// <summary>
    /// The column's key values as text (text values as they are, other types formatted with the invariant
    /// culture), or null when the column has no vector-valued KeyValues annotation.
    /// </summary>
    /// <param name="column">A key-typed column.</param>
    public static string[]? KeyValuesAsText(DataViewSchema.Column column)
    {
        if (column.Annotations.Schema.GetColumnOrNull(KeyValuesKind) is not { Type: VectorDataViewType vectorType })
            return null;
        return (string[])typeof(KeyColumns)
            .GetMethod(nameof(ReadKeyValues), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(vectorType.ItemType.RawType)
            .Invoke(null, [column])!;
    }

    private static string[] ReadKeyValues<T>(DataViewSchema.Column column)
    {
        var values = default(VBuffer<T>);
        column.Annotations.GetValue(KeyValuesKind, ref values);
        return values.DenseValues()
            .Select(v => v is ReadOnlyMemory<char> text ? text.ToString() : Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")
            .ToArray();
    }

    private static Func<long> Reader<T>(DataViewRow row, DataViewSchema.Column column, Func<T, ulong> widen)
    {
        var getter = row.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            getter(ref value);
            var key = widen(value);
            return key == 0 ? -1 : (long)(key - 1);
        };
    }
}
