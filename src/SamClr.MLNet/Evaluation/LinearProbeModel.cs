namespace SamClr.MLNet.Evaluation;

/// <summary>
/// A trained linear classifier on frozen features (made by <see cref="SgdLinearProbe"/>): class scores
/// <c>softmax(W x + b)</c>, C classes over D features. <c>ToMLNetPipeline</c> (an extension method in namespace
/// Microsoft.ML) turns it into ML.NET's own transformers (an ONNX Gemm run by ApplyOnnxModel, then the key mapping),
/// which <c>mlContext.Model.Save</c> stores.
/// </summary>
public sealed class LinearProbeModel
{
    /// <summary>The name of the score column the ML.NET pipeline writes.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>The name of the predicted-label column the ML.NET pipeline writes.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    private readonly float[] _weights;
    private readonly float[] _bias;

    internal LinearProbeModel(float[] weights, float[] bias, int featureDimension, IReadOnlyList<string>? classNames, string featureColumnName)
    {
        if (bias.Length == 0 || weights.Length != bias.Length * featureDimension)
            throw new ArgumentException($"A linear probe needs C x D weights and C biases; got {weights.Length} weights, {bias.Length} biases, D = {featureDimension}.");
        _weights = weights;
        _bias = bias;
        FeatureDimension = featureDimension;
        ClassNames = classNames;
        FeatureColumnName = featureColumnName;
    }

    /// <summary>The number of classes.</summary>
    public int ClassCount => _bias.Length;

    /// <summary>The number of features per row.</summary>
    public int FeatureDimension { get; }

    /// <summary>The class names from the training label's key values, in class order, or null when it had none.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The feature column the ML.NET pipeline reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The weights, row-major [C, D] (a copy).</summary>
    public float[] Weights => (float[])_weights.Clone();

    /// <summary>The biases [C] (a copy).</summary>
    public float[] Bias => (float[])_bias.Clone();

    /// <summary>The class index with the highest score for one feature vector (the lowest index on a tie).</summary>
    /// <exception cref="ArgumentException">The vector does not have <see cref="FeatureDimension"/> values.</exception>
    public int Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureDimension)
            throw new ArgumentException($"The probe was trained on {FeatureDimension} features; got {features.Length}.", nameof(features));
        int best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < ClassCount; c++)
        {
            double score = _bias[c];
            var row = _weights.AsSpan(c * FeatureDimension, FeatureDimension);
            for (int j = 0; j < row.Length; j++) score += row[j] * features[j];
            if (score > bestScore)
            {
                bestScore = score;
                best = c;
            }
        }
        return best;
    }
}
