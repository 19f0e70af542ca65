using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// The normalised-temperature cross-entropy loss of SimCLR (Chen et al., 2020), also SAMCLR's loss.
/// </summary>
internal static class NtXentLoss
{
    /// <summary>
    /// For projections of two views [B, D] each: L2-normalises all 2B rows, takes cosine similarities
    /// divided by <paramref name="temperature"/>, removes each row's similarity with itself, and returns
    /// the mean over the 2B rows of the cross-entropy whose target is the row's other view.
    /// </summary>
    /// <param name="z1">Projections of the first views, [B, D].</param>
    /// <param name="z2">Projections of the second views, [B, D], row i pairs with row i of <paramref name="z1"/>.</param>
    /// <param name="temperature">Softmax temperature: SAMCLR 0.07 (the paper), SimCLR 0.5 (Lightly's default).</param>
    public static Tensor Compute(Tensor z1, Tensor z2, double temperature)
    {
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        if (z1.ndim != 2 || !z1.shape.SequenceEqual(z2.shape))
            throw new ArgumentException($"Both views need the same [B, D] shape; got [{string.Join(", ", z1.shape)}] and [{string.Join(", ", z2.shape)}].");
        long b = z1.shape[0];
        if (b < 2) throw new ArgumentException("NT-Xent needs at least two images per batch to have negatives.", nameof(z1));
        using var scope = NewDisposeScope();
        var z = nn.functional.normalize(cat(new[] { z1, z2 }, 0), p: 2, dim: 1);
        using var scaledBy = temperature.ToScalar();
        var logits = z.matmul(z.t()).div_(scaledBy);
        var self = eye(2 * b, dtype: ScalarType.Bool, device: z.device);
        logits = logits.masked_fill(self, Scalars.Of(double.NegativeInfinity));
        var targets = cat(new[] { arange(b, 2 * b, device: z.device), arange(0, b, device: z.device) }, 0);
        return nn.functional.cross_entropy(logits, targets).MoveToOuterDisposeScope();
    }
}
