using System.Globalization;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Settings of <see cref="SamAutomaticMaskGenerator"/>. Every default is the default of SAM's official
/// <c>SamAutomaticMaskGenerator</c> (<c>segment_anything/automatic_mask_generator.py</c>).
/// </summary>
public sealed class SamAutomaticMaskGeneratorOptions
{
    /// <summary>Points per side of the prompt grid, points at (i + 0.5) / n (SAM's default 32: 1024 prompts).</summary>
    public int PointsPerSide { get; set; } = 32;

    /// <summary>
    /// Prompts per decoder call when the decoder has a dynamic batch dim (SAM's default 64). The official ONNX decoder's
    /// batch dim is fixed at 1, so it gets one prompt per call whatever this says; the results do not depend on it.
    /// </summary>
    public int PointsPerBatch { get; set; } = 64;

    /// <summary>
    /// Decoder calls that run at once on one crop (ONNX Runtime sessions allow concurrent runs; each call gets its own
    /// binding of the image embedding). Default: the machine's logical core count. It matters most for the official
    /// export, which answers one prompt per call; 1 runs the calls one after another. The results do not depend on it.
    /// </summary>
    public int MaxParallelDecoderCalls { get; set; } = Environment.ProcessorCount;

    /// <summary>Keep masks whose predicted IoU is greater than this; 0 keeps all (SAM's default 0.88).</summary>
    public float PredIouThreshold { get; set; } = 0.88f;

    /// <summary>Keep masks whose stability score is at least this; 0 keeps all (SAM's default 0.95).</summary>
    public float StabilityScoreThreshold { get; set; } = 0.95f;

    /// <summary>The logit offset of the stability score (SAM's default 1.0).</summary>
    public float StabilityScoreOffset { get; set; } = 1.0f;

    /// <summary>The logit threshold that makes a mask (SAM's <c>mask_threshold</c>, 0.0).</summary>
    public float MaskThreshold { get; set; } = 0.0f;

    /// <summary>Box IoU above which NMS drops the lower-scored mask within a crop (SAM's default 0.7).</summary>
    public float BoxNmsThreshold { get; set; } = 0.7f;

    /// <summary>Crop layers after the whole image; layer l runs on 2^l x 2^l crops (SAM's default 0: no crops).</summary>
    public int CropNLayers { get; set; }

    /// <summary>Box IoU above which NMS between crops drops the mask from the larger crop (SAM's default 0.7).</summary>
    public float CropNmsThreshold { get; set; } = 0.7f;

    /// <summary>Crop overlap as a fraction of the short side at layer 1, halved per further layer (SAM's default 512 / 1500).</summary>
    public double CropOverlapRatio { get; set; } = 512.0 / 1500.0;

    /// <summary>Points per side on crop layer l are PointsPerSide / factor^l (SAM's default 1).</summary>
    public int CropNPointsDownscaleFactor { get; set; } = 1;

    /// <summary>
    /// Minimum area in pixels of mask holes and islands (SAM's default 0: off). When positive, each mask gets SAM's
    /// <c>postprocess_small_regions</c>: holes (8-connected background components, including ones touching the image
    /// border) smaller than this are filled, then islands smaller than this are removed (the largest stays when all are
    /// small), and a box NMS at <see cref="BoxNmsThreshold"/> that prefers unchanged masks runs again. SAM does this
    /// with OpenCV; here it is <see cref="SamSmallRegions"/>, with the same rules.
    /// </summary>
    public int MinMaskRegionArea { get; set; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Naming the setting and its allowed range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string name, object value, string range)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, $"{name} must be {range}.");
        }
        Require(PointsPerSide >= 1, nameof(PointsPerSide), PointsPerSide, "at least 1");
        Require(PointsPerBatch >= 1, nameof(PointsPerBatch), PointsPerBatch, "at least 1");
        Require(MaxParallelDecoderCalls >= 1, nameof(MaxParallelDecoderCalls), MaxParallelDecoderCalls, "at least 1");
        Require(PredIouThreshold >= 0, nameof(PredIouThreshold), PredIouThreshold, "0 or more");
        Require(StabilityScoreThreshold >= 0, nameof(StabilityScoreThreshold), StabilityScoreThreshold, "0 or more");
        Require(StabilityScoreOffset >= 0, nameof(StabilityScoreOffset), StabilityScoreOffset, "0 or more");
        Require(float.IsFinite(MaskThreshold), nameof(MaskThreshold), MaskThreshold, "finite");
        Require(BoxNmsThreshold is >= 0 and <= 1, nameof(BoxNmsThreshold), BoxNmsThreshold, "in [0, 1]");
        Require(CropNLayers >= 0, nameof(CropNLayers), CropNLayers, "0 or more");
        Require(CropNmsThreshold is >= 0 and <= 1, nameof(CropNmsThreshold), CropNmsThreshold, "in [0, 1]");
        Require(CropOverlapRatio is >= 0 and < 1, nameof(CropOverlapRatio), CropOverlapRatio, "in [0, 1)");
        Require(CropNPointsDownscaleFactor >= 1, nameof(CropNPointsDownscaleFactor), CropNPointsDownscaleFactor, "at least 1");
        Require(MinMaskRegionArea >= 0, nameof(MinMaskRegionArea), MinMaskRegionArea, "0 or more");
    }

    /// <summary>
    /// The settings that change the masks, as invariant-culture strings keyed by SAM's Python argument names
    /// (PointsPerBatch and MaxParallelDecoderCalls are left out: they do not change the result).
    /// </summary>
    public IReadOnlyDictionary<string, string> ToParameters() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["points_per_side"] = Format(PointsPerSide),
        ["pred_iou_thresh"] = Format(PredIouThreshold),
        ["stability_score_thresh"] = Format(StabilityScoreThreshold),
        ["stability_score_offset"] = Format(StabilityScoreOffset),
        ["mask_threshold"] = Format(MaskThreshold),
        ["box_nms_thresh"] = Format(BoxNmsThreshold),
        ["crop_n_layers"] = Format(CropNLayers),
        ["crop_nms_thresh"] = Format(CropNmsThreshold),
        ["crop_overlap_ratio"] = Format(CropOverlapRatio),
        ["crop_n_points_downscale_factor"] = Format(CropNPointsDownscaleFactor),
        ["min_mask_region_area"] = Format(MinMaskRegionArea),
    };

    private static string Format(IFormattable value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A copy of these settings.</summary>
    public SamAutomaticMaskGeneratorOptions Clone() => (SamAutomaticMaskGeneratorOptions)MemberwiseClone();
}
