using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// SwAV's swapped-prediction loss with multi-crop (Caron et al., 2020; as Lightly's SwaVLoss): the codes of each
/// global view, from <see cref="SinkhornKnopp"/>, are predicted from the scores of every other view.
/// </summary>
internal static class SwAVLoss
{
    /// <summary>
    /// For each global view i: q_i = Sinkhorn(scores_i); sub-loss_i = sum over every view v != i (global and local) of
    /// -mean_b sum_k q_i[b, k] log softmax(scores_v[b] / temperature)[k]; the loss is the mean over i of
    /// sub-loss_i / (V - 1), V the number of views.
    /// </summary>
    /// <param name="globalScores">Prototype scores [B, K] of each global (full-resolution) view; at least one.</param>
    /// <param name="localScores">Prototype scores [B, K] of each local (low-resolution) view; may be empty.</param>
    /// <param name="temperature">Softmax temperature of the predictions (default 0.1, SwAV's and Lightly's).</param>
    /// <param name="sinkhornIterations">Sinkhorn-Knopp rounds (default 3).</param>
    /// <param name="sinkhornEpsilon">Sinkhorn-Knopp epsilon (default 0.05).</param>
    public static Tensor Compute(IReadOnlyList<Tensor> globalScores, IReadOnlyList<Tensor> localScores, double temperature = 0.1,
        int sinkhornIterations = 3, double sinkhornEpsilon = 0.05)
    {
        ArgumentNullException.ThrowIfNull(globalScores);
        ArgumentNullException.ThrowIfNull(localScores);
        if (globalScores.Count < 1) throw new ArgumentException("SwAV needs at least one global view to compute codes from.", nameof(globalScores));
        int views = globalScores.Count + localScores.Count;
        if (views < 2) throw new ArgumentException("SwAV needs at least two views per image to swap predictions.", nameof(localScores));
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        var shape = globalScores[0].shape;
        foreach (var s in globalScores.Concat(localScores))
            if (s.ndim != 2 || !s.shape.SequenceEqual(shape))
                throw new ArgumentException($"Every view's scores must have the same [B, K] shape; got [{string.Join(", ", s.shape)}] and [{string.Join(", ", shape)}].");

        using var scope = NewDisposeScope();
        var all = globalScores.Concat(localScores).ToArray();
        using var scaledBy = temperature.ToScalar();
        using var otherViews = ((long)views - 1).ToScalar();
        using var globalViews = ((long)globalScores.Count).ToScalar();
        var logProbabilities = all.Select(s => nn.functional.log_softmax(s.div(scaledBy), 1)).ToArray();
        Tensor? total = null;
        for (int i = 0; i < globalScores.Count; i++)
        {
            var codes = SinkhornKnopp.Compute(globalScores[i], sinkhornIterations, sinkhornEpsilon);
            Tensor? sub = null;
            for (int v = 0; v < all.Length; v++)
            {
                if (v == i) continue;
                var crossEntropy = -(codes * logProbabilities[v]).sum(1).mean();
                sub = sub is null ? crossEntropy : sub.add(crossEntropy, Scalars.One);
            }
            var term = sub!.div(otherViews);
            total = total is null ? term : total.add(term, Scalars.One);
        }
        return total!.div(globalViews).MoveToOuterDisposeScope();
    }
}
