using BenchmarkDotNet.Attributes;
using SamClr.MLNet.Evaluation;

namespace SamClr.MLNet.Benchmarks;

/// <summary>One kNN vote of the paper's protocol (k = 200, T = 0.1) against 10,000 reference rows of ResNet-18 features.</summary>
[MemoryDiagnoser]
public class KnnVotingBenchmarks
{
    private const int References = 10_000, Dimension = 512, Classes = 10;
    private float[] _references = [];
    private int[] _labels = [];
    private float[] _query = [];
    private readonly float[] _scores = new float[Classes];
    private readonly KnnVotingScratch _scratch = new();

    /// <summary>Random L2-normalised references and a query.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(0);
        _references = new float[References * Dimension];
        for (int i = 0; i < _references.Length; i++) _references[i] = random.NextSingle() - 0.5f;
        for (int r = 0; r < References; r++) KnnVoting.L2Normalize(_references.AsSpan(r * Dimension, Dimension));
        _labels = Enumerable.Range(0, References).Select(i => i % Classes).ToArray();
        _query = Enumerable.Range(0, Dimension).Select(_ => random.NextSingle() - 0.5f).ToArray();
    }

    /// <summary>Similarities to every reference, the top 200, and the weighted vote.</summary>
    [Benchmark]
    public int Vote() => KnnVoting.Vote(_references, _labels, _query, 200, 0.1f, _scores, _scratch);
}
