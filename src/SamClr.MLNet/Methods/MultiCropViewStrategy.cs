using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Views;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// The multi-crop views of the SAMCLR authors' code: the global views, then the local views, each resolution one
/// backbone batch (one set of batch-norm statistics), and a multi-view NT-Xent with all views of an image positives.
/// </summary>
internal sealed class MultiCropViewStrategy : SimClrViewStrategy
{
    private readonly MultiCropOptions _views;
    private readonly MultiViewLoss _loss;

    /// <summary>Checks and keeps <paramref name="views"/> (at least 2 per image) and the multi-view loss.</summary>
    public MultiCropViewStrategy(MultiCropOptions views, MultiViewLoss loss)
    {
        ArgumentNullException.ThrowIfNull(views);
        views.Validate();
        if (views.ViewCount < 2) throw new ArgumentException("Need at least 2 views per image.", nameof(views));
        _views = views;
        _loss = loss;
    }

    /// <summary>The global views, then the local views (<see cref="MultiCropOptions.Plan"/>).</summary>
    public override IReadOnlyList<ViewAugmentationOptions> Plan => _views.Plan();

    /// <inheritdoc />
    public override Tensor Loss(IReadOnlyList<Tensor> views, Func<Tensor, Tensor> project, double temperature)
    {
        var globals = views.Take(_views.GlobalViewCount).ToArray();
        var locals = views.Skip(_views.GlobalViewCount).ToArray();
        long batch = views[0].shape[0];
        var projections = Project(globals, project, batch).Concat(Project(locals, project, batch)).ToArray();
        return _loss == MultiViewLoss.AuthorsNtXent
            ? PairwiseNtXentLoss.Compute(projections, temperature)
            : MultiViewNtXentLoss.Compute(projections, temperature);
    }

    /// <summary>Projections of views of one resolution, run through the backbone as one batch (one set of batch-norm statistics).</summary>
    private static Tensor[] Project(IReadOnlyList<Tensor> views, Func<Tensor, Tensor> project, long batch)
    {
        if (views.Count == 0) return Array.Empty<Tensor>();
        return project(cat(views.ToArray(), 0)).split(batch, 0);
    }
}
