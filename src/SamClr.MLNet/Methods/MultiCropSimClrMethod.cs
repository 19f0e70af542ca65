using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SimCLR with multi-crop views, the variant of the SAMCLR authors' code (github.com/benji2264/s3same): 2 global
/// views of 128 px (scale 0.5-1) and 6 local views of 64 px (scale 0.2-0.5), all from the image's box (a SAM region
/// for SAMCLR), a SimCLR projection head, and a multi-view NT-Xent with all views of an image positives (the authors'
/// <see cref="PairwiseNtXentLoss"/> by default, or SupCon's <see cref="MultiViewNtXentLoss"/>). As in the authors' code,
/// the backbone runs once on all global views and once on all local views, so each resolution is one batch-norm batch.
/// </summary>
internal sealed class MultiCropSimClrMethod : SimClrMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="backbone">Encoder to pre-train.</param>
    /// <param name="views">Multi-crop views (the authors' code: <see cref="MultiCropOptions.SamClrCodeVariant"/>).</param>
    /// <param name="temperature">Softmax temperature (default 0.07, the paper's SAMCLR setting).</param>
    /// <param name="hiddenDimension">Projection head hidden size (default 512, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (default 128, Lightly's benchmarks).</param>
    /// <param name="loss">The multi-view loss (default <see cref="MultiViewLoss.AuthorsNtXent"/>, the authors' code).</param>
    public MultiCropSimClrMethod(Backbone backbone, MultiCropOptions views, double temperature = 0.07, int hiddenDimension = 512, int outputDimension = 128,
        MultiViewLoss loss = MultiViewLoss.AuthorsNtXent)
        : base(nameof(MultiCropSimClrMethod), backbone, new MultiCropViewStrategy(views, loss), temperature, hiddenDimension, outputDimension)
    {
    }
}
