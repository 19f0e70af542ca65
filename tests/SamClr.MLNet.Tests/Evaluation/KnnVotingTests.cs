using SamClr.MLNet.Evaluation;
using Xunit;

namespace SamClr.MLNet.Tests.Evaluation;

public class KnnVotingTests
{
    // Five unit-length reference rows of three classes:
    //   r0 = ( 1.0, 0.0) class 0      r1 = (0.8, 0.6) class 1      r2 = (0.6, 0.8) class 0
    //   r3 = ( 0.0, 1.0) class 2      r4 = (-1.0, 0.0) class 1
    private static readonly float[] Reference = [1f, 0f, 0.8f, 0.6f, 0.6f, 0.8f, 0f, 1f, -1f, 0f];
    private static readonly int[] Labels = [0, 1, 0, 2, 1];

    // The query (3, 4) normalises to (0.6, 0.8). Cosine similarities:
    //   r0: 0.6   r1: 0.48 + 0.48 = 0.96   r2: 0.36 + 0.64 = 1.0   r3: 0.8   r4: -0.6
    private static readonly float[] Query = [3f, 4f];

    [Fact]
    public void ThreeNeighboursVoteWithExponentialWeights()
    {
        // Top 3: r2 (1.0, class 0), r1 (0.96, class 1), r3 (0.8, class 2).
        // Weights exp(sim / 0.1) = e^10, e^9.6, e^8; divided by e^10: 1, e^-0.4 = 0.670320, e^-2 = 0.135335.
        // Sum 1.805655 -> scores 1 / 1.805655 = 0.553816, 0.670320 / 1.805655 = 0.371234, 0.135335 / 1.805655 = 0.074951.
        var scores = new float[3];
        var predicted = KnnVoting.Vote(Reference, Labels, Query, k: 3, temperature: 0.1f, scores);

        Assert.Equal(0, predicted);
        Assert.Equal(0.5538156f, scores[0], 5);
        Assert.Equal(0.3712337f, scores[1], 5);
        Assert.Equal(0.0749508f, scores[2], 5);
    }

    [Fact]
    public void KLargerThanTheReferenceSetUsesEveryRow()
    {
        // All five vote. Relative to e^10: r2 1, r1 e^-0.4 = 0.670320, r3 e^-2 = 0.135335,
        // r0 e^-4 = 0.018316 (class 0), r4 e^-16 = 1.1e-7 (class 1). Sum 1.823971.
        // Class 0: 1.018316 / 1.823971 = 0.558296; class 1: 0.670320 / 1.823971 = 0.367506; class 2: 0.074198.
        var scores = new float[3];
        var predicted = KnnVoting.Vote(Reference, Labels, Query, k: 200, temperature: 0.1f, scores);

        Assert.Equal(0, predicted);
        Assert.Equal(0.5582959f, scores[0], 5);
        Assert.Equal(0.3675059f, scores[1], 5);
        Assert.Equal(0.0741982f, scores[2], 5);
        Assert.Equal(1f, scores.Sum(), 5);
    }

    [Fact]
    public void OneNeighbourPicksTheMostSimilarRow()
    {
        // The query (0.8, 0.6) is r1 itself (similarity 1, class 1); r2 and r0 follow with 0.96 and 0.8.
        var scores = new float[3];
        var predicted = KnnVoting.Vote(Reference, Labels, [0.8f, 0.6f], k: 1, temperature: 0.1f, scores);

        Assert.Equal(1, predicted);
        Assert.Equal([0f, 1f, 0f], scores);
    }

    [Fact]
    public void EqualSimilaritiesKeepTheLowerRowAndEqualScoresTheLowerClass()
    {
        // Four identical rows of classes 1, 0, 1, 0: with k = 2, rows 0 and 1 are kept (lower indices win ties),
        // so classes 0 and 1 each get weight 1 -> scores 0.5 / 0.5 and the tie goes to class 0.
        float[] reference = [1f, 0f, 1f, 0f, 1f, 0f, 1f, 0f];
        var scores = new float[2];
        var predicted = KnnVoting.Vote(reference, [1, 0, 1, 0], [2f, 0f], k: 2, temperature: 0.1f, scores);

        Assert.Equal(0, predicted);
        Assert.Equal([0.5f, 0.5f], scores);
    }

    [Fact]
    public void TinyTemperatureDoesNotOverflow()
    {
        // exp(1 / 0.001) overflows even a double. Taken relative to the best similarity the weights are
        // 1 (r2), exp(-0.04 / 0.001) = e^-40 = 4.2e-18 (r1), e^-200 (r3) and smaller: class 0 gets all but 4e-18.
        var scores = new float[3];
        var predicted = KnnVoting.Vote(Reference, Labels, Query, k: 5, temperature: 0.001f, scores);

        Assert.Equal(0, predicted);
        Assert.Equal(1f, scores[0], 6);
        Assert.InRange(scores[1], 1e-18f, 1e-17f);
        Assert.Equal(0f, scores[2], 6);
    }

    [Fact]
    public void NonFiniteQueryGivesNaNScoresAndNoPrediction()
    {
        var scores = new float[3];
        Assert.Equal(-1, KnnVoting.Vote(Reference, Labels, [float.NaN, 1f], k: 3, temperature: 0.1f, scores));
        Assert.All(scores, s => Assert.True(float.IsNaN(s)));
    }

    [Fact]
    public void ScratchIsReusedAcrossQueriesOfDifferentSizes()
    {
        var scratch = new KnnVotingScratch();
        var scores = new float[3];
        Assert.Equal(0, KnnVoting.Vote(Reference, Labels, Query, 3, 0.1f, scores, scratch));
        // Rows (0, 0, 1) class 0 and (1, 0, 0) class 1; the query (1, 0, 0) is row 1 (similarity 1 against 0).
        Assert.Equal(1, KnnVoting.Vote([0f, 0f, 1f, 1f, 0f, 0f], [0, 1], [1f, 0f, 0f], 1, 0.1f, new float[2], scratch));
        Assert.Equal(0, KnnVoting.Vote(Reference, Labels, Query, 3, 0.1f, scores, scratch));
        Assert.Equal(0.5538156f, scores[0], 5);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var scores = new float[3];
        Assert.Throws<ArgumentOutOfRangeException>(() => KnnVoting.Vote(Reference, Labels, Query, 0, 0.1f, scores));
        Assert.Throws<ArgumentOutOfRangeException>(() => KnnVoting.Vote(Reference, Labels, Query, 3, 0f, scores));
        Assert.Throws<ArgumentException>(() => KnnVoting.Vote(Reference, Labels, [1f, 0f, 0f], 3, 0.1f, scores));
        var error = Assert.Throws<ArgumentException>(() => KnnVoting.Vote(Reference, Labels, Query, 3, 0.1f, new float[2]));
        Assert.Contains("class index 2", error.Message);
    }

    [Fact]
    public void L2NormalizeScalesToUnitLengthAndKeepsZero()
    {
        float[] v = [3f, 4f];
        KnnVoting.L2Normalize(v);
        Assert.Equal([0.6f, 0.8f], v);
        float[] zero = [0f, 0f];
        KnnVoting.L2Normalize(zero);
        Assert.Equal([0f, 0f], zero);
    }
}
