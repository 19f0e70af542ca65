using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Views;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>SimCLR's views: two views of every image made with the same settings, each its own backbone batch, and NT-Xent.</summary>
internal sealed class TwoViewStrategy : SimClrViewStrategy
{
    private readonly ViewAugmentationOptions _views;

    /// <summary>Checks and keeps <paramref name="views"/>, the settings of both views.</summary>
    public TwoViewStrategy(ViewAugmentationOptions views)
    {
        views.Validate();
        _views = views;
    }

    /// <summary>Two views of every image, both made with the same settings.</summary>
    public override IReadOnlyList<ViewAugmentationOptions> Plan => new[] { _views, _views };

    /// <inheritdoc />
    public override Tensor Loss(IReadOnlyList<Tensor> views, Func<Tensor, Tensor> project, double temperature) =>
        NtXentLoss.Compute(project(views[0]), project(views[1]), temperature);
}
