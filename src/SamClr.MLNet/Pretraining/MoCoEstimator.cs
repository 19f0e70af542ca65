using Microsoft.ML.Runtime;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Pre-trains an encoder with MoCo v2 (with region views when <see cref="SelfSupervisedOptions.RegionsColumnName"/> is
/// set) and returns it as an <see cref="ImageFeaturizerTransformer"/>. Create it with <c>mlContext.Transforms.MoCo(...)</c>.
/// </summary>
public sealed class MoCoEstimator : SelfSupervisedEstimator<MoCoOptions>
{
    /// <summary>Creates the estimator; prefer the catalog entries, which pass the context's environment.</summary>
    public MoCoEstimator(IHostEnvironment environment, MoCoOptions options) : base(environment, options) { }

    /// <inheritdoc />
    private protected override string MethodName => "MoCo";

    /// <inheritdoc />
    private protected override PixelNormalization Normalization => NormalizationOf(Options.EffectiveAugmentation);

    /// <inheritdoc />
    private protected override SelfSupervisedMethod CreateMethod(Backbone backbone) =>
        new MoCoMethod(backbone, Backbones.Create(Options.Backbone), Options.EffectiveAugmentation, Options.Momentum, Options.Temperature,
            Options.MemoryBankSize, Options.ProjectionHiddenDimension, Options.ProjectionOutputDimension, Options.EnqueueBetweenHalves);
}
