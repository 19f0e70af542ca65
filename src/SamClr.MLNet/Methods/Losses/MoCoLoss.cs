using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// MoCo's InfoNCE loss (Lightly's NTXentLoss with a memory bank): for each query the positive is its own key and the
/// negatives are the memory bank's keys; the loss is a cross-entropy with the positive as the target class.
/// </summary>
internal static class MoCoLoss
{
    /// <summary>
    /// L2-normalises <paramref name="queries"/> and <paramref name="keys"/>, builds per row i the logits
    /// [q_i . k_i, q_i . n_1, ..., q_i . n_K] / temperature and returns the mean over rows of
    /// -log softmax(logits)[0].
    /// </summary>
    /// <param name="queries">Online projections [B, D].</param>
    /// <param name="keys">Momentum projections [B, D] of the other view of the same images; no gradient flows into them.</param>
    /// <param name="negatives">Memory bank keys [K, D], already unit length (as <see cref="MemoryBank.Keys"/> are).</param>
    /// <param name="temperature">Softmax temperature (MoCo v2 in Lightly's benchmarks: 0.1).</param>
    public static Tensor Compute(Tensor queries, Tensor keys, Tensor negatives, double temperature)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(negatives);
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        if (queries.ndim != 2 || !queries.shape.SequenceEqual(keys.shape))
            throw new ArgumentException($"Queries and keys need the same [B, D] shape; got [{string.Join(", ", queries.shape)}] and [{string.Join(", ", keys.shape)}].");
        if (negatives.ndim != 2 || negatives.shape[1] != queries.shape[1])
            throw new ArgumentException($"Negatives must be [K, {queries.shape[1]}]; got [{string.Join(", ", negatives.shape)}].", nameof(negatives));
        using var scope = NewDisposeScope();
        var q = nn.functional.normalize(queries, p: 2, dim: 1);
        var k = nn.functional.normalize(keys.detach(), p: 2, dim: 1);
        var positive = (q * k).sum(1, keepdim: true);
        var negative = q.matmul(negatives.detach().t());
        using var scaledBy = temperature.ToScalar();
        var logits = cat(new[] { positive, negative }, 1).div_(scaledBy);
        var targets = zeros(q.shape[0], ScalarType.Int64, q.device);
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}
