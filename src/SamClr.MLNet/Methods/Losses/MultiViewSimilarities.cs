using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// What both multi-view NT-Xent losses start from: the N = V B projections L2-normalised, their scaled cosine
/// similarities s_ij = z_i . z_j / T, and which pairs of rows show the same image. Row v B + b is view v of image b.
/// Make it inside the caller's dispose scope: the tensors belong to that scope.
/// </summary>
/// <param name="Similarities">s_ij = z_i . z_j / T, [N, N].</param>
/// <param name="SameImage">Whether rows i and j are views of one image (the diagonal included), [N, N] bool.</param>
/// <param name="Self">The diagonal, [N, N] bool.</param>
internal sealed record MultiViewSimilarities(Tensor Similarities, Tensor SameImage, Tensor Self)
{
    /// <summary>The positive pairs: views of one image, a row not paired with itself, [N, N] bool.</summary>
    public Tensor Positives => SameImage.logical_and(Self.logical_not());

    /// <summary>Checks the views (<see cref="Check"/>) and computes their similarities.</summary>
    /// <param name="views">Projections of each view, all [B, D]; at least 2 views and 2 images.</param>
    /// <param name="temperature">Softmax temperature T, positive.</param>
    public static MultiViewSimilarities Of(IReadOnlyList<Tensor> views, double temperature)
    {
        Check(views, temperature);
        var z = nn.functional.normalize(cat(views.ToArray(), 0), p: 2, dim: 1);
        long n = z.shape[0];
        using var scaledBy = temperature.ToScalar();
        using var images = views[0].shape[0].ToScalar();
        var image = arange(n, device: z.device).remainder(images);
        return new MultiViewSimilarities(
            z.matmul(z.t()).div_(scaledBy),
            image.unsqueeze(1).eq(image.unsqueeze(0)),
            eye(n, dtype: ScalarType.Bool, device: z.device));
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
