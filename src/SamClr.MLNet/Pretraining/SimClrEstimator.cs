using Microsoft.ML.Runtime;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Pre-trains an encoder with SimCLR, or with SAMCLR when <see cref="SelfSupervisedOptions.RegionsColumnName"/> is set,
/// and returns it as an <see cref="ImageFeaturizerTransformer"/>. Create it with <c>mlContext.Transforms.SimClr(...)</c>
/// or <c>mlContext.Transforms.SamClrPretrain(...)</c>.
/// </summary>
public sealed class SimClrEstimator : SelfSupervisedEstimator<SimClrOptions>
{
    /// <summary>Creates the estimator; prefer the catalog entries, which pass the context's environment.</summary>
    public SimClrEstimator(IHostEnvironment environment, SimClrOptions options) : base(environment, options) { }

    /// <inheritdoc />
    private protected override string MethodName => Options.RegionsColumnName is null ? "SimCLR" : "SAMCLR";

    /// <inheritdoc />
    private protected override PixelNormalization Normalization =>
        NormalizationOf(Options.MultiCrop?.GlobalView(0) ?? Options.EffectiveAugmentation);

    /// <inheritdoc />
    private protected override SelfSupervisedMethod CreateMethod(Backbone backbone) => Options.MultiCrop is { } views
        ? new MultiCropSimClrMethod(backbone, views, Options.Temperature, Options.ProjectionHiddenDimension, Options.ProjectionOutputDimension,
            Options.MultiViewLoss)
        : new SimClrMethod(backbone, Options.EffectiveAugmentation, Options.Temperature, Options.ProjectionHiddenDimension, Options.ProjectionOutputDimension);
}
