namespace SamClr.MLNet.Onnx.Export;

/// <summary>
/// Folds an evaluation-mode batch normalisation into the convolution before it, so the exported graph holds one Conv
/// per Conv+BN pair.
/// </summary>
/// <remarks>
/// In evaluation mode BN applies, per output channel c, y = gamma_c * (z - mu_c) / sqrt(var_c + eps) + beta_c to the
/// convolution output z = W_c * x + b_c, using the running mean mu and running variance var. With
/// s_c = gamma_c / sqrt(var_c + eps) this is the convolution with weights W'_c = s_c * W_c (every weight of output
/// channel c scaled by s_c) and bias b'_c = s_c * (b_c - mu_c) + beta_c (b_c = 0 for a convolution without bias).
/// The products are computed in double precision and rounded to float once.
/// </remarks>
internal static class BatchNormFolding
{
    /// <summary>Returns the folded weights (same layout as <paramref name="weights"/>, [C_out, ...]) and bias [C_out].</summary>
    /// <param name="weights">Convolution weights, row-major with the output channel first.</param>
    /// <param name="bias">Convolution bias [C_out], or null when the convolution has none.</param>
    /// <param name="gamma">BN scale [C_out].</param>
    /// <param name="beta">BN shift [C_out].</param>
    /// <param name="runningMean">BN running mean [C_out].</param>
    /// <param name="runningVar">BN running variance [C_out].</param>
    /// <param name="eps">BN epsilon (PyTorch's and TorchSharp's default is 1e-5).</param>
    public static (float[] Weights, float[] Bias) Fold(float[] weights, float[]? bias, float[] gamma, float[] beta,
        float[] runningMean, float[] runningVar, double eps)
    {
        int channels = gamma.Length;
        if (beta.Length != channels || runningMean.Length != channels || runningVar.Length != channels || (bias is not null && bias.Length != channels)
            || channels == 0 || weights.Length % channels != 0)
            throw new ArgumentException(
                $"Batch normalisation of {channels} channels does not match a convolution with {weights.Length} weights" +
                (bias is null ? "" : $" and {bias.Length} biases") + "; the BN must follow the convolution it normalises.");
        int perChannel = weights.Length / channels;
        var foldedWeights = new float[weights.Length];
        var foldedBias = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double scale = gamma[c] / Math.Sqrt(runningVar[c] + eps);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) foldedWeights[i] = (float)(weights[i] * scale);
            foldedBias[c] = (float)(((bias?[c] ?? 0.0) - runningMean[c]) * scale + beta[c]);
        }
        return (foldedWeights, foldedBias);
    }
}
