using Microsoft.ML.Runtime;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Pre-trains an encoder with DINO (with SAM region views when <see cref="SelfSupervisedOptions.RegionsColumnName"/> is
/// set) and returns it as an <see cref="ImageFeaturizerTransformer"/>. Create it with <c>mlContext.Transforms.Dino(...)</c>.
/// </summary>
public sealed class DinoEstimator : SelfSupervisedEstimator<DinoOptions>
{
    /// <summary>Creates the estimator; prefer the catalog entries, which pass the context's environment.</summary>
    public DinoEstimator(IHostEnvironment environment, DinoOptions options) : base(environment, options) { }

    /// <inheritdoc />
    private protected override string MethodName => "DINO";

    /// <inheritdoc />
    private protected override PixelNormalization Normalization => NormalizationOf(Options.EffectiveMultiCrop.GlobalView(0));

    /// <inheritdoc />
    private protected override SelfSupervisedMethod CreateMethod(Backbone backbone) =>
        new DinoMethod(backbone, Backbones.Create(Options.Backbone), Options.ToSettings());
}
