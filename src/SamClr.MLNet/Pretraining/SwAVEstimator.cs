using Microsoft.ML.Runtime;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Pre-trains an encoder with SwAV (with region views when <see cref="SelfSupervisedOptions.RegionsColumnName"/> is
/// set) and returns it as an <see cref="ImageFeaturizerTransformer"/>. Create it with <c>mlContext.Transforms.SwAV(...)</c>.
/// </summary>
public sealed class SwAVEstimator : SelfSupervisedEstimator<SwAVOptions>
{
    /// <summary>Creates the estimator; prefer the catalog entries, which pass the context's environment.</summary>
    public SwAVEstimator(IHostEnvironment environment, SwAVOptions options) : base(environment, options) { }

    /// <inheritdoc />
    private protected override string MethodName => "SwAV";

    /// <inheritdoc />
    private protected override PixelNormalization Normalization => NormalizationOf(Options.EffectiveGlobalAugmentation);

    /// <inheritdoc />
    private protected override SelfSupervisedMethod CreateMethod(Backbone backbone) =>
        new SwAVMethod(backbone, Options.EffectiveGlobalAugmentation, Options.EffectiveLocalAugmentation, Options.GlobalViewCount, Options.LocalViewCount,
            Options.Temperature, Options.PrototypeCount, Options.SinkhornIterations, Options.SinkhornEpsilon,
            Options.ProjectionHiddenDimension, Options.ProjectionOutputDimension);
}
