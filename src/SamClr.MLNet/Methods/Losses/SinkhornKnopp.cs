using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// SwAV's Sinkhorn-Knopp step (Caron et al., 2020): turns prototype scores of a batch into soft cluster assignments
/// ("codes") that spread the batch evenly over the prototypes. No gradient flows through it.
/// </summary>
internal static class SinkhornKnopp
{
    /// <summary>
    /// Computes the codes of <paramref name="scores"/> [B, K] (B samples, K prototypes): Q = exp(scores / epsilon)
    /// scaled to sum to 1, then <paramref name="iterations"/> times: divide each prototype's total by itself and by K,
    /// then each sample's total by itself and by B; finally multiply by B.
    /// </summary>
    /// <remarks>
    /// What the result guarantees: every sample's codes (each row of the result) sum to exactly 1, because the sample
    /// normalisation is the last one. Each prototype's total over the batch (each column sum) approaches B / K as the
    /// iterations grow, but is only approximately B / K after the default 3 iterations. The global maximum is
    /// subtracted before the exponential, which leaves Q unchanged (it cancels in the first normalisation) and keeps
    /// exp from overflowing.
    /// </remarks>
    /// <param name="scores">Scores [B, K], normally cosine similarities between projections and prototypes.</param>
    /// <param name="iterations">Normalisation rounds (default 3, SwAV's and Lightly's).</param>
    /// <param name="epsilon">Entropy regularisation (default 0.05, SwAV's and Lightly's); smaller gives sharper codes.</param>
    /// <returns>Codes [B, K] with rows summing to 1, on the scores' device, without gradient.</returns>
    public static Tensor Compute(Tensor scores, int iterations = 3, double epsilon = 0.05)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.ndim != 2 || scores.shape[0] < 1 || scores.shape[1] < 1)
            throw new ArgumentException($"Sinkhorn-Knopp needs scores [B, K] with B, K >= 1; got [{string.Join(", ", scores.shape)}].", nameof(scores));
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Need at least one Sinkhorn iteration.");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be positive.");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var samples = scores.shape[0].ToScalar();
        using var prototypes = scores.shape[1].ToScalar();
        using var temperature = epsilon.ToScalar();
        var s = scores.detach();
        var q = s.sub(s.max()).div_(temperature).exp_().t();
        q = q.div(q.sum());
        for (int i = 0; i < iterations; i++)
        {
            q = q.div(q.sum(1, keepdim: true)).div_(prototypes);
            q = q.div(q.sum(0, keepdim: true)).div_(samples);
        }
        return q.mul(samples).t().contiguous().MoveToOuterDisposeScope();
    }
}
