namespace SamClr.MLNet.Regions.Sam;

/// <summary>A mask that passed the per-mask filters, in the original image's frame.</summary>
internal sealed record SamMaskCandidate(CocoRle Mask, SamMaskBox Box, float PredictedIou, float StabilityScore, (float X, float Y) Point, SamCrop Crop)
{
    /// <summary>
    /// SAM's per-mask steps of <c>_process_batch</c>, in its order: predicted-IoU filter, stability filter, threshold and
    /// box, crop-edge filter, then the mask placed into the full image and run-length encoded. Null when a filter drops it.
    /// </summary>
    public static SamMaskCandidate? TryCreate(
        SamMaskPrediction prediction, int prompt, int mask, (float X, float Y) point, SamCrop crop,
        int imageWidth, int imageHeight, SamAutomaticMaskGeneratorOptions options)
    {
        float iou = prediction.PredictedIou(prompt, mask);
        if (options.PredIouThreshold > 0 && !(iou > options.PredIouThreshold)) return null;

        var logits = prediction.Logits(prompt, mask);
        float stability = SamStabilityScore.Compute(logits, options.MaskThreshold, options.StabilityScoreOffset);
        if (options.StabilityScoreThreshold > 0 && !(stability >= options.StabilityScoreThreshold)) return null;

        var box = SamMaskBox.FromLogits(logits, crop.Width, crop.Height, options.MaskThreshold);
        if (box.IsNearCropEdge(crop, imageWidth, imageHeight)) return null;

        return new SamMaskCandidate(SamMaskRle.Encode(logits, crop, imageWidth, imageHeight, options.MaskThreshold), box.Offset(crop.X0, crop.Y0), iou, stability,
            (point.X + crop.X0, point.Y + crop.Y0), crop);
    }

    /// <summary>This candidate with a cleaned mask and the box SAM recomputes from it (inclusive ends; (0,0,0,0) when empty).</summary>
    public SamMaskCandidate WithMask(CocoRle mask) => this with
    {
        Mask = mask,
        Box = mask.BoundingBox is { } b ? new SamMaskBox((int)b.X0, (int)b.Y0, (int)b.X1 - 1, (int)b.Y1 - 1) : default,
    };
}
