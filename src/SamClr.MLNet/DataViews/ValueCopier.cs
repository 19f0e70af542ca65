using System.Reflection;
using Microsoft.ML.Data;

namespace SamClr.MLNet.DataViews;

/// <summary>Copies a column value so that the copy owns its buffers.</summary>
/// <typeparam name="TValue">A column raw type.</typeparam>
/// <param name="source">The value to copy.</param>
/// <param name="destination">Receives the copy; its buffers are reused where they are large enough.</param>
internal delegate void ValueCopy<TValue>(in TValue source, ref TValue destination);

/// <summary>
/// The copy operation for a column raw type: <see cref="VBuffer{T}.CopyTo(ref VBuffer{T})"/> for vectors
/// (a getter's caller owns the buffers it passes in, so a cached vector must never be handed out by
/// reference), plain assignment for every other raw type (numbers, keys, booleans and
/// <see cref="ReadOnlyMemory{T}"/> text are immutable values).
/// </summary>
/// <typeparam name="TValue">A column raw type.</typeparam>
internal static class ValueCopier<TValue>
{
    /// <summary>The copy operation for <typeparamref name="TValue"/>, chosen once per type.</summary>
    public static readonly ValueCopy<TValue> Copy = Create();

    private static ValueCopy<TValue> Create()
    {
        var type = typeof(TValue);
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(VBuffer<>))
            return static (in TValue source, ref TValue destination) => destination = source;
        var method = typeof(ValueCopier<TValue>)
            .GetMethod(nameof(CopyVector), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type.GetGenericArguments()[0]);
        return (ValueCopy<TValue>)method.CreateDelegate(typeof(ValueCopy<TValue>));
    }

    private static void CopyVector<TItem>(in VBuffer<TItem> source, ref VBuffer<TItem> destination)
        => source.CopyTo(ref destination);
}
