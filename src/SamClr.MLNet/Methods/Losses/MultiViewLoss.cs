namespace SamClr.MLNet.Methods.Losses;

/// <summary>Which loss the multi-crop SimCLR / SAMCLR variant trains with, when every view of an image is a positive of every other.</summary>
public enum MultiViewLoss
{
    /// <summary>
    /// The SAMCLR authors' loss (default): pytorch-metric-learning's NTXentLoss with the image index as label
    /// (<see cref="PairwiseNtXentLoss"/>). One term per positive pair; its denominator holds that pair and the
    /// anchor's negatives, not the image's other positives.
    /// </summary>
    AuthorsNtXent,

    /// <summary>
    /// Supervised contrastive loss L_out (Khosla et al., 2020) with the image index as label
    /// (<see cref="MultiViewNtXentLoss"/>): every denominator also holds the anchor's other positives.
    /// </summary>
    SupConOut,
}
