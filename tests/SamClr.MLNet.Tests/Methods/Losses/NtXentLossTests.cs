using SamClr.MLNet.Methods.Losses;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class NtXentLossTests
{
    [Fact]
    public void MatchesHandComputationForOrthogonalPairs()
    {
        // Rows after normalisation: a=[1,0], b=[0,1], c=[1,0], d=[0,1]; pairs (a,c), (b,d).
        // Row a sees b:0, c:1, d:0 -> loss = log(e^0 + e^1 + e^0) - 1 = log(1 + 2/e). Every row is alike.
        using var z1 = tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 });
        using var z2 = tensor(new float[] { 1, 0, 0, 1 }, new long[] { 2, 2 });
        using var loss = NtXentLoss.Compute(z1, z2, 1.0);
        Assert.Equal(Math.Log(1 + 2 / Math.E), loss.item<float>(), 5);
        // With T = 0.5 the positive logit doubles: log(1 + 2/e^2).
        using var sharp = NtXentLoss.Compute(z1, z2, 0.5);
        Assert.Equal(Math.Log(1 + 2 / Math.Exp(2)), sharp.item<float>(), 5);
    }

    [Fact]
    public void MatchesHandComputationForAsymmetricBatch()
    {
        // z1 = [[1,0],[1,1]], z2 = [[0,1],[2,0]] -> normalised a=[1,0], b=[s,s], c=[0,1], d=[1,0], s = 1/sqrt(2).
        // a (target c): others b:s, c:0, d:1    -> log(e^s + 1 + e) - 0
        // b (target d): others a:s, c:s, d:s    -> log(3 e^s) - s = log 3
        // c (target a): others a:0, b:s, d:0    -> log(2 + e^s) - 0
        // d (target b): others a:1, b:s, c:0    -> log(e + e^s + 1) - s
        double s = 1 / Math.Sqrt(2);
        double expected = (Math.Log(Math.Exp(s) + 1 + Math.E) + Math.Log(3) + Math.Log(2 + Math.Exp(s)) + Math.Log(Math.E + Math.Exp(s) + 1) - s) / 4;
        using var z1 = tensor(new float[] { 1, 0, 1, 1 }, new long[] { 2, 2 });
        using var z2 = tensor(new float[] { 0, 1, 2, 0 }, new long[] { 2, 2 });
        using var loss = NtXentLoss.Compute(z1, z2, 1.0);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void RejectsMismatchedShapesAndBadTemperature()
    {
        using var a = zeros(2, 3);
        using var b = zeros(2, 4);
        Assert.Throws<ArgumentException>(() => NtXentLoss.Compute(a, b, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NtXentLoss.Compute(a, a, 0));
    }
}
