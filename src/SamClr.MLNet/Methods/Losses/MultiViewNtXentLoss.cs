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
        Check(views, temperature);
        long b = views[0].shape[0];
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(cat(views.ToArray(), 0), p: 2, dim: 1);
        long n = z.shape[0];
        var self = eye(n, dtype: ScalarType.Bool, device: z.device);
        using var scaledBy = temperature.ToScalar();
        using var images = b.ToScalar();
        using var otherViews = ((long)-(views.Count - 1)).ToScalar();
        var logits = z.matmul(z.t()).div_(scaledBy).masked_fill(self, Scalars.Of(double.NegativeInfinity));
        var logProbabilities = nn.functional.log_softmax(logits, 1);
        var image = arange(n, device: z.device).remainder(images);
        var positives = image.unsqueeze(1).eq(image.unsqueeze(0)).logical_and_(self.logical_not());
        var perRow = logProbabilities.masked_fill(positives.logical_not(), Scalars.Zero).sum(1).div_(otherViews);
        return perRow.mean().MoveToOuterDisposeScope();
    }

    /// <summary>The argument checks of the multi-view losses: a positive temperature, at least 2 views of the same [B, D] shape, B &gt;= 2.</summary>
    internal static void Check(IReadOnlyList<Tensor> views, double temperature)
    {
        ArgumentNullException.ThrowIfNull(views);
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        if (views.Count < 2) throw new ArgumentException($"Need at least 2 views per image to have positives; got {views.Count}.", nameof(views));
        for (int v = 0; v < views.Count; v++)
            if (views[v].ndim != 2 || !views[v].shape.SequenceEqual(views[0].shape))
                throw new ArgumentException(
                    $"Every view needs the same [B, D] shape; view 0 is [{string.Join(", ", views[0].shape)}], view {v} is [{string.Join(", ", views[v].shape)}].", nameof(views));
        if (views[0].shape[0] < 2) throw new ArgumentException("Need at least two images per batch to have negatives.", nameof(views));
    }
}
