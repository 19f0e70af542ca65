using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// NT-Xent over any number V &gt;= 2 of views per image as the SAMCLR authors compute it: pytorch-metric-learning's
/// <c>NTXentLoss</c> (cosine similarity, default mean reducer) with the image index as every view's label. With the
/// N = V B projections L2-normalised, s_ij = z_i . z_j / T, P(a) the other V - 1 views of row a's image and
/// Neg(a) the views of the other images, each positive pair (a, p) is one term:
/// <code>
/// l_ap = -s_ap + log( exp(s_ap) + sum_{n in Neg(a)} exp(s_an) )
/// loss = mean over all ordered positive pairs (a, p) of l_ap
/// </code>
/// Unlike <see cref="MultiViewNtXentLoss"/> (SupCon's L_out), the image's other positives are not in the denominator.
/// For V = 2 both equal <see cref="NtXentLoss"/>.
/// </summary>
internal static class PairwiseNtXentLoss
{
    /// <summary>The loss of V view batches, each [B, D]; row b of every view belongs to image b.</summary>
    /// <param name="views">Projections of each view, all [B, D]; at least 2 views and 2 images.</param>
    /// <param name="temperature">Softmax temperature (the authors' configs: 0.07).</param>
    public static Tensor Compute(IReadOnlyList<Tensor> views, double temperature)
    {
        using var scope = NewDisposeScope();
        var pairs = MultiViewSimilarities.Of(views, temperature);
        // log sum over the anchor's negatives; l_ap = log(1 + exp(negatives_a - s_ap)) = softplus(negatives_a - s_ap), taken as
        // -log sigmoid(s_ap - negatives_a) (the same function; TorchSharp's softplus passes its beta and threshold as temporary Scalars).
        var negatives = pairs.Similarities.masked_fill(pairs.SameImage, Scalars.Of(double.NegativeInfinity)).logsumexp(1, keepdim: true);
        var perPair = pairs.Similarities.sub(negatives).log_sigmoid().neg_();
        return perPair.masked_select(pairs.Positives).mean().MoveToOuterDisposeScope();
    }
}
