namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Reusable working memory for <see cref="KnnVoting.Vote"/>: the normalised query, one similarity per
/// reference row, the selected neighbours and the per-class sums. Buffers grow on demand and are reused,
/// so voting many queries allocates nothing after the first. Not thread-safe: use one per thread or cursor.
/// </summary>
internal sealed class KnnVotingScratch
{
    internal float[] Query { get; private set; } = [];

    internal float[] Similarities { get; private set; } = [];

    internal int[] Neighbours { get; private set; } = [];

    internal double[] ClassSums { get; private set; } = [];

    /// <summary>Grows the buffers to at least the given sizes.</summary>
    internal void Ensure(int dimension, int referenceCount, int neighbourCount, int classCount)
    {
        if (Query.Length < dimension) Query = new float[dimension];
        if (Similarities.Length < referenceCount) Similarities = new float[referenceCount];
        if (Neighbours.Length < neighbourCount) Neighbours = new int[neighbourCount];
        if (ClassSums.Length < classCount) ClassSums = new double[classCount];
    }
}
