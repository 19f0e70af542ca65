using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// NT-Xent over any number V &gt;= 2 of views per image, every view of an image a positive of every other (the
/// multi-crop variant of the SAMCLR authors' code). It is the supervised contrastive loss (Khosla et al., 2020,
/// L_out) with the image index as the label. With the N = V B projections L2-normalised and
/// s_ij = z_i . z_j / T:
/// <code>
/// loss = 1/N sum_i  -1/(V - 1) sum_{p in P(i)} log( exp(s_ip) / sum_{a != i} exp(s_ia) )
/// </code>
/// where P(i) are the other V - 1 views of row i's image. For V = 2 this is exactly <see cref="NtXentLoss"/>.
/// </summary>
internal static class MultiViewNtXentLoss
{
    /// <summary>The loss of V view batches, each [B, D]; row b of every view belongs to image b.</summary>
    /// <param name="views">Projections of each view, all [B, D]; at least 2 views.</param>
    /// <param name="temperature">Softmax temperature (SAMCLR: 0.07, the paper's).</param>
    public static Tensor Compute(IReadOnlyList<Tensor> views, double temperature)
    {
        using var scope = NewDisposeScope();
        var pairs = MultiViewSimilarities.Of(views, temperature);
        using var otherViews = ((long)-(views.Count - 1)).ToScalar();
        var logProbabilities = nn.functional.log_softmax(pairs.Similarities.masked_fill(pairs.Self, Scalars.Of(double.NegativeInfinity)), 1);
        var perRow = logProbabilities.masked_fill(pairs.Positives.logical_not(), Scalars.Zero).sum(1).div_(otherViews);
        return perRow.mean().MoveToOuterDisposeScope();
    }
}
