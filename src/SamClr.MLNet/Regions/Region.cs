using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>
/// One proposed region of an image: its mask and what the proposer said about it — the fields of a record of SAM's
/// automatic mask generator (segmentation, area, bbox, predicted_iou, stability_score, point_coords, crop_box).
/// Immutable.
/// </summary>
public sealed class Region
{
    /// <summary>Creates a region.</summary>
    /// <param name="mask">The region's mask, the size of the image (canvas) it was proposed on.</param>
    /// <param name="predictedIou">SAM's predicted IoU; NaN (the default) when the proposer has none.</param>
    /// <param name="stabilityScore">SAM's stability score; NaN (the default) when the proposer has none.</param>
    /// <param name="point">The prompt point that produced the mask, in pixels; null (the default) when none.</param>
    /// <param name="cropBox">The image crop the mask was generated in (SAM's crop_box); null (the default) when none.</param>
    public Region(
        CocoRle mask,
        float predictedIou = float.NaN,
        float stabilityScore = float.NaN,
        (float X, float Y)? point = null,
        CropBox? cropBox = null)
    {
        ArgumentNullException.ThrowIfNull(mask);
        Mask = mask;
        Box = mask.BoundingBox;
        PredictedIou = predictedIou;
        StabilityScore = stabilityScore;
        Point = point;
        CropBox = cropBox;
    }

    /// <summary>The region's mask.</summary>
    public CocoRle Mask { get; }

    /// <summary>The number of pixels in the mask.</summary>
    public int Area => Mask.Area;

    /// <summary>The mask's bounding box in pixels, exclusive ends; null when the mask is empty.</summary>
    public CropBox? Box { get; }

    /// <summary>SAM's predicted IoU of the mask; NaN when the proposer does not predict one.</summary>
    public float PredictedIou { get; }

    /// <summary>SAM's stability score of the mask; NaN when the proposer does not compute one.</summary>
    public float StabilityScore { get; }

    /// <summary>The prompt point (x, y) in pixels that produced the mask; null when there was none.</summary>
    public (float X, float Y)? Point { get; }

    /// <summary>The crop of the image the mask was generated in (SAM's crop_box); null when not recorded.</summary>
    public CropBox? CropBox { get; }
}
