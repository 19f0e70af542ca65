using SamClr.MLNet.Methods.Heads;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SimCLR (Chen et al., 2020): two augmented views per image, a projection head, NT-Xent loss.
/// With whole-image boxes this is SimCLR; with region boxes it is SAMCLR's sampling. Which views it takes of an image,
/// and how their projections are contrasted, is its view strategy (<see cref="MultiCropSimClrMethod"/> takes multi-crop views).
/// </summary>
internal class SimClrMethod : SelfSupervisedMethod
{
    private readonly MlpHead projection;
    private readonly SimClrViewStrategy _views;
    private readonly double _temperature;

    /// <summary>Creates the method.</summary>
    /// <param name="backbone">Encoder to pre-train.</param>
    /// <param name="views">View augmentations (Lightly's SimCLR transform by default).</param>
    /// <param name="temperature">NT-Xent temperature (SimCLR: 0.5, Lightly's default; SAMCLR: 0.07, the paper's).</param>
    /// <param name="hiddenDimension">Projection head hidden size (512, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public SimClrMethod(Backbone backbone, ViewAugmentationOptions views, double temperature = 0.5, int hiddenDimension = 512, int outputDimension = 128)
        : this(nameof(SimClrMethod), backbone, new TwoViewStrategy(views), temperature, hiddenDimension, outputDimension)
    {
    }

    /// <summary>Creates the method with its own view strategy (checked already) and SimCLR's projection head.</summary>
    private protected SimClrMethod(string name, Backbone backbone, SimClrViewStrategy views, double temperature, int hiddenDimension, int outputDimension)
        : base(name, backbone)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        _views = views;
        _temperature = temperature;
        projection = new MlpHead(MlpPresets.SimClr(backbone.FeatureDimension, hiddenDimension, outputDimension));
        RegisterComponents();
    }

    /// <summary>The views of every image, in the order <see cref="TrainingLoss"/> takes them.</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan => _views.Plan;

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        return _views.Loss(views, Project, _temperature).MoveToOuterDisposeScope();
    }

    /// <summary>Projections [B, output] of a batch of images [B, 3, S, S]: the backbone, then the projection head.</summary>
    private Tensor Project(Tensor images) => projection.forward(Backbone.forward(images));
}
