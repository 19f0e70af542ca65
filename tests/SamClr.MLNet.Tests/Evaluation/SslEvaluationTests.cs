using Microsoft.ML;
using SamClr.MLNet.Evaluation;
using Xunit;

namespace SamClr.MLNet.Tests.Evaluation;

public class SslEvaluationTests
{
    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(3)]
        public float[] Raw { get; set; } = [];

        public string Label { get; set; } = "";
    }

    /// <summary><paramref name="perClass"/> rows each of class "a" near (1, 0, 0), "b" near (0, 1, 0) and "c" near (0, 0, 1).</summary>
    private static IDataView Points(MLContext ml, int perClass, int seed)
    {
        var random = new Random(seed);
        var rows = new List<Row>();
        string[] names = { "a", "b", "c" };
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                var v = new float[3];
                for (int d = 0; d < 3; d++) v[d] = (d == c ? 1f : 0f) + 0.1f * (random.NextSingle() - 0.5f);
                rows.Add(new Row { Raw = v, Label = names[c] });
            }
        return ml.Data.LoadFromEnumerable(rows);
    }

    [Fact]
    public void SeparableFeaturesScoreFullMarksUnderBothProtocols()
    {
        var ml = new MLContext(seed: 1);
        // The "featurizer" copies the raw vector into Features, so the protocol runs on known features.
        var featurizer = ml.Transforms.CopyColumns("Features", "Raw").Fit(Points(ml, 1, 0));
        var result = SslEvaluation.Evaluate(ml, featurizer, Points(ml, 30, 1), Points(ml, 10, 2));
        Assert.Equal(100, result.KnnTop1, 6);
        Assert.Equal(100, result.LinearTop1, 6);
    }

    [Fact]
    public void KnnTop1CountsTheTestRowsWhoseNeighboursVoteTheirClass()
    {
        // Test: 10 rows per class, of which class "c"'s rows sit on class "a"'s point: 20 of 30 right = 66.67 %.
        var ml = new MLContext(seed: 1);
        var train = Points(ml, 30, 1);
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new Row
        {
            Raw = i < 10 || i >= 20 ? new[] { 1f, 0f, 0f } : new[] { 0f, 1f, 0f },
            Label = i < 10 ? "a" : i < 20 ? "b" : "c",
        }).ToList());
        var featurizer = ml.Transforms.CopyColumns("Features", "Raw").Fit(train);
        var (trainFeatures, testFeatures) = SslEvaluation.Featurize(ml, featurizer, train, test);
        Assert.Equal(200.0 / 3, SslEvaluation.KnnTop1(ml, trainFeatures, testFeatures, k: 5), 6);
    }
}
