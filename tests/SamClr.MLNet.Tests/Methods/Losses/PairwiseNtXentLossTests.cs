using SamClr.MLNet.Methods.Losses;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class PairwiseNtXentLossTests
{
    [Fact]
    public void MatchesHandComputationForThreeViews()
    {
        // MultiViewRows.ThreeViews, T = 1: a0 = [1,0], a1 = [0,1], b0 = [1,0], b1 = [0,1], c0 = [0,1], c1 = [1,0].
        //   a0: positives b0 (s = 1), c0 (0); negatives a1 (0), b1 (0), c1 (1): sum of exp = 2 + e.
        //       l(a0, b0) = -1 + ln(e + 2 + e) = ln(2 + 2e) - 1;  l(a0, c0) = -0 + ln(1 + 2 + e) = ln(3 + e).  Likewise a1, b0, b1.
        //   c0: positives a0 (0), b0 (0); negatives a1 (1), b1 (1), c1 (0): sum = 2e + 1; each pair ln(1 + 2e + 1) = ln(2 + 2e).  Likewise c1.
        // 12 pairs: 4 (ln(2 + 2e) - 1 + ln(3 + e)) + 4 ln(2 + 2e) -> mean = 2/3 ln(2 + 2e) + 1/3 ln(3 + e) - 1/3.
        // (SupCon's L_out, with the other positive in the denominator, gives ln(3 + 2e) - 1/3 on the same rows.)
        using var scope = NewDisposeScope();
        double expected = 2.0 / 3 * Math.Log(2 + 2 * Math.E) + Math.Log(3 + Math.E) / 3 - 1.0 / 3;
        Assert.Equal(expected, PairwiseNtXentLoss.Compute(MultiViewRows.ThreeViews(), 1.0).item<float>(), 5);
    }

    [Fact]
    public void OtherPositivesAreNotInTheDenominator()
    {
        // Every view of image 0 is [1,0], of image 1 is [0,1]; V = 3, T = 0.5. Each pair: -2 + ln(e^2 + 3 e^0) = ln(1 + 3 e^-2).
        // SupCon's L_out would add the second positive: ln(2 + 3 e^-2).
        using var scope = NewDisposeScope();
        var view = tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 });
        var views = new[] { view, view.clone(), view.clone() };
        Assert.Equal(Math.Log(1 + 3 * Math.Exp(-2)), PairwiseNtXentLoss.Compute(views, 0.5).item<float>(), 5);
        Assert.Equal(Math.Log(2 + 3 * Math.Exp(-2)), MultiViewNtXentLoss.Compute(views, 0.5).item<float>(), 5);
    }

    [Fact]
    public void EqualsNtXentForTwoViews()
    {
        using var scope = NewDisposeScope();
        var generator = new torch.Generator(3);
        var z1 = randn(6, 4, generator: generator);
        var z2 = randn(6, 4, generator: generator);
        Assert.Equal(NtXentLoss.Compute(z1, z2, 0.2).item<float>(), PairwiseNtXentLoss.Compute(new[] { z1, z2 }, 0.2).item<float>(), 5);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => PairwiseNtXentLoss.Compute(new[] { zeros(2, 3) }, 0.5));
        Assert.Throws<ArgumentException>(() => PairwiseNtXentLoss.Compute(new[] { zeros(1, 3), zeros(1, 3) }, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairwiseNtXentLoss.Compute(new[] { zeros(2, 3), zeros(2, 3) }, 0));
    }
}
