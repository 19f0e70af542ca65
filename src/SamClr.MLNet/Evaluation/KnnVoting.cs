using System.Numerics.Tensors;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// The weighted k-nearest-neighbours vote of the kNN evaluation protocol used by SAMCLR and the Lightly /
/// solo-learn benchmarks (Wu et al., 2018, "Unsupervised Feature Learning via Non-Parametric Instance
/// Discrimination"): cosine similarity between L2-normalised features,
/// the k most similar reference rows vote for their class with weight exp(similarity / temperature).
/// </summary>
internal static class KnnVoting
{
    /// <summary>Scales <paramref name="vector"/> in place to unit L2 norm; a zero vector stays zero.</summary>
    /// <param name="vector">The vector to normalise; its values must be finite.</param>
    public static void L2Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm((ReadOnlySpan<float>)vector);
        if (norm > 0f)
            TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>
    /// Classifies one query by a weighted vote of its <paramref name="k"/> nearest reference rows.
    /// </summary>
    /// <remarks>
    /// <para>Steps: the query is L2-normalised (a copy; the input is not changed); its cosine similarity to
    /// every reference row is one dot product per row (<see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
    /// over the contiguous row-major matrix, a single streaming pass); the k most similar rows are kept with
    /// a size-k heap (O(n log k), no full sort; on equal similarity the lower row index wins); each votes
    /// for its class with weight exp(similarity / temperature); the per-class sums are divided by their
    /// total, so the scores sum to 1; the prediction is the class with the highest score (on a tie, the
    /// lowest class index).</para>
    /// <para>Normalising the scores does not change the prediction, and it makes the computation stable for
    /// any temperature: weights are computed as exp((similarity - maximum similarity) / temperature), which
    /// gives the same normalised scores without overflow. Lightly's and solo-learn's kNN predictors leave the
    /// sums unnormalised and rank them; the ranking is the same.</para>
    /// <para>A query with a non-finite value gets NaN scores and the prediction -1 (missing).</para>
    /// </remarks>
    /// <param name="referenceFeatures">The reference rows, row-major, each of the query's length and already
    /// L2-normalised (see <see cref="L2Normalize"/>); finite values.</param>
    /// <param name="referenceLabels">The class index of each reference row, in [0, classScores.Length).</param>
    /// <param name="query">The query features (not necessarily normalised).</param>
    /// <param name="k">The number of neighbours; clipped to the number of reference rows. The protocol's
    /// value is 200.</param>
    /// <param name="temperature">The weight temperature T in exp(similarity / T), greater than 0. The
    /// protocol's value is 0.1.</param>
    /// <param name="classScores">Receives one score per class; its length is the number of classes.</param>
    /// <param name="scratch">Working memory to reuse across calls; a new one is made when null.</param>
    /// <returns>The predicted class index, or -1 for a query with non-finite values.</returns>
    /// <exception cref="ArgumentException">Sizes disagree, there are no reference rows, or a neighbour's label
    /// is outside [0, classScores.Length).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1 or
    /// <paramref name="temperature"/> is not a positive finite number.</exception>
    public static int Vote(
        ReadOnlySpan<float> referenceFeatures,
        ReadOnlySpan<int> referenceLabels,
        ReadOnlySpan<float> query,
        int k,
        float temperature,
        Span<float> classScores,
        KnnVotingScratch? scratch = null)
    {
        var dimension = query.Length;
        var count = referenceLabels.Length;
        var classCount = classScores.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!(temperature > 0f) || !float.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive finite number.");
        if (dimension == 0 || count == 0 || classCount == 0)
            throw new ArgumentException(
                $"kNN voting needs a non-empty query, at least one reference row and one class (query length {dimension}, " +
                $"{count} reference rows, {classCount} classes).");
        if ((long)count * dimension != referenceFeatures.Length)
            throw new ArgumentException(
                $"The reference matrix has {referenceFeatures.Length} values, but {count} rows of the query's length " +
                $"{dimension} need {(long)count * dimension}.", nameof(referenceFeatures));

        var neighbourCount = Math.Min(k, count);
        scratch ??= new KnnVotingScratch();
        scratch.Ensure(dimension, count, neighbourCount, classCount);

        var q = scratch.Query.AsSpan(0, dimension);
        query.CopyTo(q);
        foreach (var value in q)
        {
            if (!float.IsFinite(value))
            {
                classScores.Fill(float.NaN);
                return -1;
            }
        }
        L2Normalize(q);

        var similarities = scratch.Similarities.AsSpan(0, count);
        for (var row = 0; row < count; row++)
            similarities[row] = TensorPrimitives.Dot(referenceFeatures.Slice(row * dimension, dimension), q);

        var neighbours = scratch.Neighbours.AsSpan(0, neighbourCount);
        SelectTopK(similarities, neighbours);

        var maximum = float.NegativeInfinity;
        foreach (var row in neighbours)
            maximum = Math.Max(maximum, similarities[row]);

        var sums = scratch.ClassSums.AsSpan(0, classCount);
        sums.Clear();
        var total = 0.0;
        foreach (var row in neighbours)
        {
            var label = referenceLabels[row];
            if ((uint)label >= (uint)classCount)
                throw new ArgumentException(
                    $"Reference row {row} has class index {label}, outside [0, {classCount}).", nameof(referenceLabels));
            var weight = Math.Exp((similarities[row] - (double)maximum) / temperature);
            sums[label] += weight;
            total += weight;
        }

        var predicted = 0;
        for (var c = 0; c < classCount; c++)
        {
            classScores[c] = (float)(sums[c] / total);
            if (sums[c] > sums[predicted])
                predicted = c;
        }
        return predicted;
    }

    /// <summary>
    /// Fills <paramref name="selected"/> with the indices of the <c>selected.Length</c> largest
    /// similarities (in heap order, not sorted), preferring the lower index among equal values.
    /// </summary>
    private static void SelectTopK(ReadOnlySpan<float> similarities, Span<int> selected)
    {
        // A min-heap on (similarity, -index): the root is the worst kept neighbour.
        var size = selected.Length;
        for (var i = 0; i < size; i++)
        {
            selected[i] = i;
            SiftUp(similarities, selected, i);
        }
        for (var i = size; i < similarities.Length; i++)
        {
            // i is larger than every kept index, so it displaces the root only with a strictly higher similarity.
            if (similarities[i] > similarities[selected[0]])
            {
                selected[0] = i;
                SiftDown(similarities, selected);
            }
        }
    }

    private static bool IsWorse(ReadOnlySpan<float> similarities, int a, int b)
        => similarities[a] < similarities[b] || (similarities[a] == similarities[b] && a > b);

    private static void SiftUp(ReadOnlySpan<float> similarities, Span<int> heap, int position)
    {
        while (position > 0)
        {
            var parent = (position - 1) / 2;
            if (!IsWorse(similarities, heap[position], heap[parent]))
                return;
            (heap[position], heap[parent]) = (heap[parent], heap[position]);
            position = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> similarities, Span<int> heap)
    {
        var position = 0;
        while (true)
        {
            var worst = position;
            var left = 2 * position + 1;
            var right = left + 1;
            if (left < heap.Length && IsWorse(similarities, heap[left], heap[worst])) worst = left;
            if (right < heap.Length && IsWorse(similarities, heap[right], heap[worst])) worst = right;
            if (worst == position)
                return;
            (heap[position], heap[worst]) = (heap[worst], heap[position]);
            position = worst;
        }
    }
}
