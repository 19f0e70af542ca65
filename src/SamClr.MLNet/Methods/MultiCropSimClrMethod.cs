using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SimCLR with multi-crop views, the variant of the SAMCLR authors' code (shared/PAPER.md, "Code variant"): 2 global
/// views of 128 px (scale 0.5-1) and 6 local views of 64 px (scale 0.2-0.5), all from the image's box (a SAM region
/// for SAMCLR), a SimCLR projection head, and a multi-view NT-Xent with all views of an image positives (the authors'
/// <see cref="PairwiseNtXentLoss"/> by default, or SupCon's <see cref="MultiViewNtXentLoss"/>). As in the authors' code,
/// the backbone runs once on all global views and once on all local views, so each resolution is one batch-norm batch.
/// </summary>
public sealed class MultiCropSimClrMethod : SelfSupervisedMethod
{
    private readonly ProjectionHead projection;
    private readonly MultiCropOptions _views;
    private readonly double _temperature;
    private readonly MultiViewLoss _loss;

    /// <summary>Creates the method.</summary>
    /// <param name="backbone">Encoder to pre-train.</param>
    /// <param name="views">Multi-crop views (the authors' code: <see cref="MultiCropOptions.SamClrCodeVariant"/>).</param>
    /// <param name="temperature">Softmax temperature (default 0.07, the paper's SAMCLR setting).</param>
    /// <param name="hiddenDimension">Projection head hidden size (default 512, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (default 128, Lightly's benchmarks).</param>
    /// <param name="loss">The multi-view loss (default <see cref="MultiViewLoss.AuthorsNtXent"/>, the authors' code).</param>
    public MultiCropSimClrMethod(Backbone backbone, MultiCropOptions views, double temperature = 0.07, int hiddenDimension = 512, int outputDimension = 128,
        MultiViewLoss loss = MultiViewLoss.AuthorsNtXent)
        : base(nameof(MultiCropSimClrMethod), backbone)
    {
        ArgumentNullException.ThrowIfNull(views);
        views.Validate();
        if (views.ViewCount < 2) throw new ArgumentException("Need at least 2 views per image.", nameof(views));
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        _views = views;
        _temperature = temperature;
        _loss = loss;
        projection = new ProjectionHead(backbone.FeatureDimension, hiddenDimension, outputDimension);
        RegisterComponents();
    }

    /// <summary>The global views, then the local views (<see cref="MultiCropOptions.Plan"/>).</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan => _views.Plan();

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        var globals = views.Take(_views.GlobalViewCount).ToArray();
        var locals = views.Skip(_views.GlobalViewCount).ToArray();
        long batch = views[0].shape[0];
        var projections = Project(globals, batch).Concat(Project(locals, batch)).ToArray();
        var loss = _loss == MultiViewLoss.AuthorsNtXent
            ? PairwiseNtXentLoss.Compute(projections, _temperature)
            : MultiViewNtXentLoss.Compute(projections, _temperature);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Projections of views of one resolution, run through the backbone as one batch (one set of batch-norm statistics).</summary>
    private Tensor[] Project(IReadOnlyList<Tensor> views, long batch)
    {
        if (views.Count == 0) return Array.Empty<Tensor>();
        var projected = projection.forward(Backbone.forward(cat(views.ToArray(), 0)));
        return projected.split(batch, 0);
    }
}
