using Microsoft.ML;

namespace SamClr.MLNet.DataViews;

/// <summary>
/// One appended column whose values are computed a block of rows at a time (a batched forward pass): per cursor,
/// <see cref="CreateItemReader"/> turns the current input row into an item (for example an image's pixels) while the
/// cursor reads ahead, and <see cref="ComputeBlock"/> turns the items of a block into the column's values. Immutable.
/// </summary>
/// <typeparam name="TItem">What is kept per row until the block is computed; null marks a row without an input value.</typeparam>
/// <typeparam name="TValue">The column type's raw type.</typeparam>
/// <param name="Column">The appended column.</param>
/// <param name="InputColumnName">The input column the items are read from.</param>
/// <param name="CreateItemReader">Called once per cursor with the input row; returns the reader of its current row.</param>
/// <param name="ComputeBlock">The values for a block's non-null items, in order.</param>
/// <param name="MissingValueMessage">The error for reading the value of a row whose item is null, given its position.</param>
internal sealed record BlockComputedColumn<TItem, TValue>(
    DataViewSchema.DetachedColumn Column,
    string InputColumnName,
    Func<DataViewRow, Func<TItem?>> CreateItemReader,
    Func<IReadOnlyList<TItem>, TValue[]> ComputeBlock,
    Func<long, string> MissingValueMessage)
    where TItem : class;
