using SamClr.MLNet.Methods.Losses;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class MultiViewNtXentLossTests
{
    [Fact]
    public void TwoViewsEqualOrdinaryNtXent()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var z1 = randn(new long[] { 5, 4 }, generator: generator);
        var z2 = randn(new long[] { 5, 4 }, generator: generator);
        foreach (var t in new[] { 0.07, 0.5, 1.0 })
            Assert.Equal(NtXentLoss.Compute(z1, z2, t).item<float>(), MultiViewNtXentLoss.Compute(new[] { z1, z2 }, t).item<float>(), 5);
    }

    [Fact]
    public void MatchesHandComputationForThreeViews()
    {
        // MultiViewRows.ThreeViews, T = 1. Every row has two similarities of 1 and three of 0 among the others, so each
        // denominator is D = 3 + 2e.
        //   a0: positives b0 (1), c0 (0) -> -(1/2)[(1 - ln D) + (0 - ln D)] = ln D - 1/2; likewise a1, b0, b1.
        //   c0: positives a0 (0), b0 (0) -> ln D; likewise c1.
        // mean over 6 rows = ln(3 + 2e) - (4 x 1/2) / 6 = ln(3 + 2e) - 1/3.
        using var scope = NewDisposeScope();
        Assert.Equal(Math.Log(3 + 2 * Math.E) - 1.0 / 3, MultiViewNtXentLoss.Compute(MultiViewRows.ThreeViews(), 1.0).item<float>(), 5);
    }

    [Fact]
    public void RejectsOneViewMismatchedShapesAndOneImage()
    {
        using var scope = NewDisposeScope();
        Assert.Throws<ArgumentException>(() => MultiViewNtXentLoss.Compute(new[] { zeros(2, 3) }, 0.5));
        Assert.Throws<ArgumentException>(() => MultiViewNtXentLoss.Compute(new[] { zeros(2, 3), zeros(2, 4) }, 0.5));
        Assert.Throws<ArgumentException>(() => MultiViewNtXentLoss.Compute(new[] { zeros(1, 3), zeros(1, 3) }, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiViewNtXentLoss.Compute(new[] { zeros(2, 3), zeros(2, 3) }, 0));
    }
}
