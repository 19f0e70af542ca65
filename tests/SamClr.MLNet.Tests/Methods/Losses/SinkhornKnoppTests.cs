using SamClr.MLNet.Methods.Losses;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

[Collection(SequentialCollection.Name)]
public class SinkhornKnoppTests
{
    private const double Epsilon = 0.05;

    /// <summary>Scores whose exp(score / epsilon) is [[3, 1], [1, 1]] (rows: samples, columns: prototypes).</summary>
    private static Tensor HandScores() =>
        tensor(new[] { (float)(Epsilon * Math.Log(3)), 0f, 0f, 0f }, new long[] { 2, 2 });

    [Fact]
    public void OneIterationMatchesHandComputation()
    {
        // Q (prototypes x samples) = [[3, 1], [1, 1]] / 6.
        // Prototypes: rows sum to 4/6 and 2/6 -> [[3/4, 1/4], [1/2, 1/2]], / K = 2 -> [[3/8, 1/8], [1/4, 1/4]].
        // Samples: columns sum to 5/8 and 3/8 -> [[3/5, 1/3], [2/5, 2/3]], / B = 2, then x B at the end.
        // Codes per sample: sample 0 -> (3/5, 2/5), sample 1 -> (1/3, 2/3).
        using var scores = HandScores();
        using var codes = SinkhornKnopp.Compute(scores, iterations: 1, epsilon: Epsilon);
        var q = codes.data<float>().ToArray();
        Assert.Equal(0.6, q[0], 5);
        Assert.Equal(0.4, q[1], 5);
        Assert.Equal(1 / 3.0, q[2], 5);
        Assert.Equal(2 / 3.0, q[3], 5);
    }

    [Fact]
    public void TwoIterationsMatchHandComputation()
    {
        // From the one-iteration Q before the final x B: [[3/10, 1/6], [1/5, 1/3]] (prototypes x samples).
        // Prototypes: rows sum to 7/15 and 8/15 -> [[9/14, 5/14], [3/8, 5/8]], / 2 -> [[9/28, 5/28], [3/16, 5/16]].
        // Samples: columns sum to 57/112 and 55/112 -> sample 0 (12/19, 7/19), sample 1 (4/11, 7/11) after / B and x B.
        using var scores = HandScores();
        using var codes = SinkhornKnopp.Compute(scores, iterations: 2, epsilon: Epsilon);
        var q = codes.data<float>().ToArray();
        Assert.Equal(12 / 19.0, q[0], 5);
        Assert.Equal(7 / 19.0, q[1], 5);
        Assert.Equal(4 / 11.0, q[2], 5);
        Assert.Equal(7 / 11.0, q[3], 5);
        // Prototype totals are only approximately B / K = 1: 12/19 + 4/11 = 208/209 and 7/19 + 7/11 = 210/209.
        Assert.Equal(208 / 209.0, q[0] + q[2], 5);
    }

    [Fact]
    public void SamplesSumToOneAndPrototypesApproachBOverK()
    {
        torch.random.manual_seed(4);
        using var raw = randn(12, 5);
        using var scores = nn.functional.normalize(raw, p: 2, dim: 1); // cosine-like scores in [-1, 1]
        double Deviation(Tensor codes)
        {
            using var totals = codes.sum(0, keepdim: false);
            return totals.data<float>().ToArray().Max(t => Math.Abs(t - 12 / 5.0));
        }
        using var three = SinkhornKnopp.Compute(scores, 3, Epsilon);
        using var many = SinkhornKnopp.Compute(scores, 200, Epsilon);
        using var one = SinkhornKnopp.Compute(scores, 1, Epsilon);
        // Exact: every sample's codes sum to 1 (the last normalisation is over samples).
        using (var rows = three.sum(1)) Assert.All(rows.data<float>().ToArray(), r => Assert.Equal(1f, r, 5));
        // Approximate: prototype totals get closer to B / K = 12 / 5 with more iterations.
        Assert.True(Deviation(three) <= Deviation(one) + 1e-6, $"3 iterations {Deviation(three)}, 1 iteration {Deviation(one)}");
        Assert.True(Deviation(many) < 1e-3, $"200 iterations still {Deviation(many)} from B/K");
        Assert.All(three.data<float>().ToArray(), v => Assert.True(v >= 0));
    }

    [Fact]
    public void LargeScoresDoNotOverflow()
    {
        using var scores = tensor(new float[] { 100, 0, 0, 100 }, new long[] { 2, 2 });
        using var codes = SinkhornKnopp.Compute(scores);
        Assert.All(codes.data<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        using var vector = zeros(3);
        using var scores = zeros(2, 2);
        Assert.Throws<ArgumentException>(() => SinkhornKnopp.Compute(vector));
        Assert.Throws<ArgumentOutOfRangeException>(() => SinkhornKnopp.Compute(scores, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SinkhornKnopp.Compute(scores, 3, 0));
    }
}
