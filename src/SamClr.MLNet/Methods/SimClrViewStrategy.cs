using SamClr.MLNet.Views;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// Which views <see cref="SimClrMethod"/> takes of every image and how it contrasts their projections: two views and
/// NT-Xent (<see cref="TwoViewStrategy"/>), or multi-crop views with all views of an image positives
/// (<see cref="MultiCropViewStrategy"/>).
/// </summary>
internal abstract class SimClrViewStrategy
{
    /// <summary>The views of every image, in the order <see cref="Loss"/> takes them.</summary>
    public abstract IReadOnlyList<ViewAugmentationOptions> Plan { get; }

    /// <summary>
    /// The contrastive loss of one batch: <paramref name="views"/> holds one tensor [B, 3, S, S] per entry of
    /// <see cref="Plan"/>; <paramref name="project"/> runs a batch of images through the backbone and the projection head.
    /// </summary>
    public abstract Tensor Loss(IReadOnlyList<Tensor> views, Func<Tensor, Tensor> project, double temperature);
}
