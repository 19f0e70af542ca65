using SamClr.MLNet.Methods.Losses;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class MoCoLossTests
{
    [Fact]
    public void MatchesHandComputation()
    {
        // Negatives n1 = (0,1), n2 = (-1,0).
        // Row 1: q = (2,0) -> (1,0), k = (1,0): logits [q.k, q.n1, q.n2] = [1, 0, -1] -> loss log(e^1 + e^0 + e^-1) - 1.
        // Row 2: q = (0,3) -> (0,1), k = (5,0) -> (1,0): logits [0, 1, 0] -> loss log(1 + e + 1) - 0.
        double row1 = Math.Log(Math.E + 1 + 1 / Math.E) - 1, row2 = Math.Log(2 + Math.E);
        using var queries = tensor(new float[] { 2, 0, 0, 3 }, new long[] { 2, 2 });
        using var keys = tensor(new float[] { 1, 0, 5, 0 }, new long[] { 2, 2 });
        using var negatives = tensor(new float[] { 0, 1, -1, 0 }, new long[] { 2, 2 });
        using var loss = MoCoLoss.Compute(queries, keys, negatives, 1.0);
        Assert.Equal((row1 + row2) / 2, loss.item<float>(), 5);
        // T = 0.5 doubles every logit: row 1 log(e^2 + 1 + e^-2) - 2, row 2 log(2 + e^2).
        using var sharp = MoCoLoss.Compute(queries, keys, negatives, 0.5);
        double sharp1 = Math.Log(Math.Exp(2) + 1 + Math.Exp(-2)) - 2, sharp2 = Math.Log(2 + Math.Exp(2));
        Assert.Equal((sharp1 + sharp2) / 2, sharp.item<float>(), 5);
    }

    [Fact]
    public void GradientReachesQueriesOnly()
    {
        using var queries = tensor(new float[] { 2, 0, 0, 3 }, new long[] { 2, 2 }).requires_grad_();
        using var keys = tensor(new float[] { 1, 0, 5, 0 }, new long[] { 2, 2 }).requires_grad_();
        using var negatives = tensor(new float[] { 0, 1, -1, 0 }, new long[] { 2, 2 });
        using var loss = MoCoLoss.Compute(queries, keys, negatives, 0.1);
        loss.backward();
        Assert.NotNull(queries.grad);
        Assert.Null(keys.grad);
    }

    [Fact]
    public void RejectsBadShapesAndTemperature()
    {
        using var a = zeros(2, 3);
        using var b = zeros(2, 4);
        using var n = zeros(5, 3);
        Assert.Throws<ArgumentException>(() => MoCoLoss.Compute(a, b, n, 0.1));
        Assert.Throws<ArgumentException>(() => MoCoLoss.Compute(a, a, b, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MoCoLoss.Compute(a, a, n, 0));
    }
}
