using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training.Monitoring;
using TorchSharp;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Records a learning curve: at every monitored epoch it featurizes a labelled train / test pair with the current
/// backbone (each image resized to the view size and normalised as the training views, exactly as
/// <see cref="ImageEncoder"/> does for the finished featurizer) and appends the kNN top-1 accuracy on the test images
/// (the paper's protocol by default: k = 200, T = 0.1, <see cref="KnnVoting"/>) to <see cref="Curve"/>.
/// </summary>
public sealed class KnnMonitor : IPretrainingMonitor
{
    private readonly ImageSet _train;
    private readonly ImageSet _test;
    private readonly int _classCount;

    /// <summary>Creates the monitor.</summary>
    /// <param name="name">Name of the curve (e.g. the method, "SAMCLR").</param>
    /// <param name="train">Labelled reference images.</param>
    /// <param name="test">Labelled query images, scored against <paramref name="train"/>.</param>
    /// <param name="inputSize">The view size the backbone trains on.</param>
    /// <param name="normalization">The training views' normalisation (default <see cref="PixelNormalization.ImageNet"/>, the views' default).</param>
    /// <param name="k">Neighbours that vote (default 200).</param>
    /// <param name="temperature">Vote temperature (default 0.1).</param>
    /// <param name="batchSize">Images featurized at a time (default 256).</param>
    public KnnMonitor(string name, ImageSet train, ImageSet test, int inputSize, PixelNormalization? normalization = null,
        int k = 200, float temperature = 0.1f, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Labels is null || test.Labels is null)
            throw new ArgumentException("The kNN monitor needs labelled train and test images.");
        if (train.Count == 0 || test.Count == 0)
            throw new ArgumentException($"The kNN monitor needs at least one train and one test image (got {train.Count} and {test.Count}).");
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (!(temperature > 0f) || !float.IsFinite(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive finite number.");
        Curve = new LearningCurve(name);
        _train = train;
        _test = test;
        _classCount = Math.Max(train.Labels.Max(), test.Labels.Max()) + 1;
        InputSize = inputSize;
        Normalization = normalization ?? PixelNormalization.ImageNet;
        K = k;
        Temperature = temperature;
        BatchSize = batchSize;
    }

    /// <summary>The curve the points are appended to.</summary>
    public LearningCurve Curve { get; }

    /// <summary>Side of the square input images are resized to.</summary>
    public int InputSize { get; }

    /// <summary>Normalisation applied before the backbone.</summary>
    public PixelNormalization Normalization { get; }

    /// <summary>Neighbours that vote.</summary>
    public int K { get; }

    /// <summary>Vote temperature.</summary>
    public float Temperature { get; }

    /// <summary>Images featurized at a time.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    public void OnEpochEnd(Backbone backbone, torch.Device device, int epoch, int step, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        Curve.Add(new LearningCurvePoint(epoch, step, Evaluate(backbone, device), elapsed));
    }

    /// <summary>kNN top-1 accuracy (percent) of <paramref name="backbone"/>'s features, which must be in evaluation mode on <paramref name="device"/>.</summary>
    public double Evaluate(Backbone backbone, torch.Device device)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        using var encoder = new ImageEncoder(backbone, InputSize, Normalization, device, ownsBackbone: false);
        var reference = encoder.Encode(_train, BatchSize);
        var queries = encoder.Encode(_test, BatchSize);
        int dimension = encoder.FeatureDimension;
        var matrix = new float[reference.Length * dimension];
        for (int i = 0; i < reference.Length; i++)
        {
            var row = matrix.AsSpan(i * dimension, dimension);
            reference[i].CopyTo(row);
            KnnVoting.L2Normalize(row);
        }
        var scores = new float[_classCount];
        var scratch = new KnnVotingScratch();
        int correct = 0;
        for (int i = 0; i < queries.Length; i++)
            if (KnnVoting.Vote(matrix, _train.Labels, queries[i], K, Temperature, scores, scratch) == _test.Labels![i]) correct++;
        return 100.0 * correct / queries.Length;
    }
}
