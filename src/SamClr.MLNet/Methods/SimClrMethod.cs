using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SimCLR (Chen et al., 2020): two augmented views per image, a projection head, NT-Xent loss.
/// With whole-image boxes this is SimCLR; with region boxes it is SAMCLR's sampling.
/// </summary>
public sealed class SimClrMethod : SelfSupervisedMethod
{
    private readonly ProjectionHead projection;
    private readonly ViewAugmentationOptions _views;
    private readonly double _temperature;

    /// <summary>Creates the method.</summary>
    /// <param name="backbone">Encoder to pre-train.</param>
    /// <param name="views">View augmentations (Lightly's SimCLR transform by default).</param>
    /// <param name="temperature">NT-Xent temperature (SimCLR: 0.5, Lightly's default; SAMCLR: 0.07, the paper's).</param>
    /// <param name="hiddenDimension">Projection head hidden size (512, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public SimClrMethod(Backbone backbone, ViewAugmentationOptions views, double temperature = 0.5, int hiddenDimension = 512, int outputDimension = 128)
        : base(nameof(SimClrMethod), backbone)
    {
        views.Validate();
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        _views = views;
        _temperature = temperature;
        projection = new ProjectionHead(backbone.FeatureDimension, hiddenDimension, outputDimension);
        RegisterComponents();
    }

    /// <summary>Two views of every image, both made with the same settings.</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan => new[] { _views, _views };

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        var z1 = projection.forward(Backbone.forward(views[0]));
        var z2 = projection.forward(Backbone.forward(views[1]));
        return NtXentLoss.Compute(z1, z2, _temperature).MoveToOuterDisposeScope();
    }
}
