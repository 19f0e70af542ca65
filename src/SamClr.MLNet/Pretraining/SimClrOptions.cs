using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Options of SimCLR and SAMCLR pre-training. Defaults follow the paper's SimCLR baseline (ResNet-18, 128 px views,
/// batch 256) with Lightly's implementation defaults (temperature 0.5, head 512-512-128); set
/// <see cref="SelfSupervisedOptions.RegionsColumnName"/> (and the paper's temperature 0.07) for SAMCLR.
/// </summary>
public sealed class SimClrOptions : SelfSupervisedOptions
{
    /// <summary>NT-Xent temperature (default 0.5, Lightly's SimCLR default; the paper's SAMCLR uses 0.07).</summary>
    public double Temperature { get; set; } = 0.5;

    /// <summary>
    /// Smallest crop area of the views, as a fraction of the box they are cropped from; null (the default) keeps the view
    /// preset's (0.08, the paper's and Lightly's SimCLR). The SAMCLR authors' configs use 0.5 for SimCLR and SAMCLR.
    /// Only for the default views: with <see cref="Augmentation"/> set, set its MinScale instead.
    /// </summary>
    public double? MinCropScale { get; set; }

    /// <summary>Projection head hidden size (default 512, Lightly's benchmarks).</summary>
    public int ProjectionHiddenDimension { get; set; } = 512;

    /// <summary>Projection head output size (default 128, Lightly's benchmarks).</summary>
    public int ProjectionOutputDimension { get; set; } = 128;

    /// <summary>View augmentations; null (the default) means Lightly's SimCLR transform at <see cref="SelfSupervisedOptions.ViewSize"/>.</summary>
    public ViewAugmentationOptions? Augmentation { get; set; }

    /// <summary>
    /// The SAMCLR authors' code variant (default null: off). When set, each image gets the multi-crop views it describes
    /// (<see cref="MultiCropOptions.SamClrCodeVariant"/>: 2 global views of ViewSize px at scale 0.5-1 plus 6 local views of
    /// ViewSize/2 px at scale 0.2-0.5) and all views of one image are positives of each other
    /// (<see cref="MultiViewLoss"/>); <see cref="Augmentation"/> is then unused.
    /// </summary>
    public MultiCropOptions? MultiCrop { get; set; }

    /// <summary>
    /// The loss of the <see cref="MultiCrop"/> variant (default <see cref="Methods.Losses.MultiViewLoss.AuthorsNtXent"/>, the
    /// authors' pytorch-metric-learning NTXentLoss; <see cref="Methods.Losses.MultiViewLoss.SupConOut"/> puts the other positives
    /// in every denominator). Unused with two views.
    /// </summary>
    public MultiViewLoss MultiViewLoss { get; set; } = MultiViewLoss.AuthorsNtXent;

    internal ViewAugmentationOptions EffectiveAugmentation => Augmentation ?? WithCropScale(ViewAugmentationOptions.SimClr(ViewSize));

    private ViewAugmentationOptions WithCropScale(ViewAugmentationOptions views)
    {
        if (MinCropScale is double scale) views.MinScale = scale;
        return views;
    }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (MinCropScale is double scale && !(scale > 0 && scale <= 1))
            throw new ArgumentOutOfRangeException(nameof(MinCropScale), scale, "The crop scale must be in (0, 1], e.g. 0.08 (paper) or 0.5 (authors' configs).");
        if (MinCropScale != null && (Augmentation != null || MultiCrop != null))
            throw new ArgumentException($"{nameof(MinCropScale)} applies to the default views only; set MinScale on {nameof(Augmentation)} or the multi-crop views instead.", nameof(MinCropScale));
        EffectiveAugmentation.Validate();
        if (Temperature <= 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be positive.");
        if (MultiCrop != null)
        {
            MultiCrop.Validate();
            if (MultiCrop.GlobalSize != ViewSize)
                throw new ArgumentException($"MultiCrop.GlobalSize ({MultiCrop.GlobalSize}) must equal ViewSize ({ViewSize}).", nameof(MultiCrop));
        }
        else if (EffectiveAugmentation.OutputSize != ViewSize)
            throw new ArgumentException($"Augmentation.OutputSize ({EffectiveAugmentation.OutputSize}) must equal ViewSize ({ViewSize}).", nameof(Augmentation));
    }
}
