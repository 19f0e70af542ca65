using System.Globalization;

namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// Settings of <see cref="FelzenszwalbSegmenter"/>, the weight-free default region proposer. The defaults were tuned on
/// the built-in synthetic scenes (60 scenes of 96 x 96 pixels, seed 1) for the mean best IoU of objects with the regions
/// that remain after the coarsest-region selection (<c>RegionQuality.MeanBestIou</c> of the scene generator); quality is
/// reported on a different seed (docs: the segmentation tests).
/// </summary>
public sealed class FelzenszwalbOptions
{
    /// <summary>
    /// Standard deviation in pixels of the Gaussian smoothing before segmentation; 0 turns it off. Default 0.8, the value
    /// Felzenszwalb and Huttenlocher (2004) use for all their results.
    /// </summary>
    public double Sigma { get; set; } = 0.8;

    /// <summary>
    /// The scales k at which the image is segmented; the regions of all of them are proposed together (coarse and fine,
    /// like SAM's multi-granularity masks). Each k is in 0-255 intensity units times pixels; larger k gives larger
    /// segments. Default { 25, 50, 100, 200 }: tuned on the built-in scenes (fine segmentations, which the grouping then
    /// joins); the paper uses a single 300 (128 px images) or 500, selective search uses 50-150 as starting points.
    /// </summary>
    public IReadOnlyList<double> Scales { get; set; } = [25, 50, 100, 200];

    /// <summary>
    /// Segments smaller than this many pixels are joined to a neighbour after each segmentation (along the lightest edge
    /// between them, as the authors' reference code does). Default 20, the minimum size in the usage example of the
    /// authors' code and scikit-image's default.
    /// </summary>
    public int MinSegmentSize { get; set; } = 20;

    /// <summary>
    /// When true (the default), the segments of every scale are grouped hierarchically as in selective search
    /// (Uijlings et al., 2013: merge the most similar neighbours by colour, texture, size and fill until one region is
    /// left) and every region of that hierarchy is proposed as well; this joins the differently coloured parts of a
    /// patterned object. When false, only the segments themselves are proposed.
    /// </summary>
    public bool HierarchicalGrouping { get; set; } = true;

    /// <summary>
    /// Regions covering more than this fraction of the image are not proposed: they are background or several objects
    /// at once, and a region containing the objects would hide them from the coarsest-region selection. Default 0.5. In (0, 1].
    /// </summary>
    public double MaxAreaFraction { get; set; } = 0.5;

    /// <summary>Regions smaller than this many pixels are not proposed. Default 20, equal to <see cref="MinSegmentSize"/>.</summary>
    public int MinRegionArea { get; set; } = 20;

    /// <summary>
    /// The colour distance (Euclidean, 0-255 RGB, after smoothing) at which a pair of neighbouring pixels on a region's
    /// boundary counts as a strong edge, for <see cref="MinBoundaryContrast"/>. Default 15: tuned on the built-in scenes
    /// (their background clutter differs from its surroundings by less, their objects by much more).
    /// </summary>
    public double StrongEdge { get; set; } = 15;

    /// <summary>
    /// Regions are proposed only when at least this fraction of their boundary is strong edges
    /// (<see cref="StrongEdge"/>): an object stands out from its surroundings all round, while a region that joins an
    /// object to a piece of background has weak edges where it cuts through the background. 0 turns the filter off.
    /// Default 0.75: tuned on the built-in scenes. In [0, 1].
    /// </summary>
    public double MinBoundaryContrast { get; set; } = 0.75;

    /// <summary>
    /// How much the part of a region's boundary on the image frame counts, as a weak edge, in
    /// <see cref="MinBoundaryContrast"/>: 1 (the default) counts every frame pixel side like a weak edge, so regions
    /// that hug the frame (background, cut-off objects) are rarely proposed; 0 ignores the frame. In [0, 1].
    /// </summary>
    public double FrameWeight { get; set; } = 1;

    /// <summary>A copy, so that later changes to these options do not affect a segmenter.</summary>
    internal FelzenszwalbOptions Clone() => new()
    {
        Sigma = Sigma,
        Scales = Scales.ToArray(),
        MinSegmentSize = MinSegmentSize,
        HierarchicalGrouping = HierarchicalGrouping,
        MaxAreaFraction = MaxAreaFraction,
        MinRegionArea = MinRegionArea,
        StrongEdge = StrongEdge,
        MinBoundaryContrast = MinBoundaryContrast,
        FrameWeight = FrameWeight,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and the allowed range.</summary>
    internal void Validate()
    {
        if (!(Sigma >= 0) || double.IsInfinity(Sigma)) throw Invalid(nameof(Sigma), $"must be a finite number of at least 0 pixels, got {Sigma}.");
        if (Scales is null || Scales.Count == 0) throw Invalid(nameof(Scales), "must list at least one scale k, e.g. [100, 300].");
        foreach (double k in Scales)
            if (!(k >= 0) || double.IsInfinity(k)) throw Invalid(nameof(Scales), $"must hold finite numbers of at least 0, got {k}.");
        if (MinSegmentSize < 0) throw Invalid(nameof(MinSegmentSize), $"must not be negative, got {MinSegmentSize}.");
        if (!(MaxAreaFraction > 0 && MaxAreaFraction <= 1)) throw Invalid(nameof(MaxAreaFraction), $"must be in (0, 1], got {MaxAreaFraction}.");
        if (MinRegionArea < 0) throw Invalid(nameof(MinRegionArea), $"must not be negative, got {MinRegionArea}.");
        if (!(StrongEdge >= 0) || double.IsInfinity(StrongEdge)) throw Invalid(nameof(StrongEdge), $"must be a finite colour distance of at least 0, got {StrongEdge}.");
        if (!(MinBoundaryContrast >= 0 && MinBoundaryContrast <= 1)) throw Invalid(nameof(MinBoundaryContrast), $"must be in [0, 1], got {MinBoundaryContrast}.");
        if (!(FrameWeight >= 0 && FrameWeight <= 1)) throw Invalid(nameof(FrameWeight), $"must be in [0, 1], got {FrameWeight}.");
    }

    /// <summary>Every setting as invariant-culture strings, for a mask store's manifest.</summary>
    internal IReadOnlyDictionary<string, string> ToParameters()
    {
        var invariant = CultureInfo.InvariantCulture;
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [nameof(Sigma)] = Sigma.ToString("R", invariant),
            [nameof(Scales)] = string.Join(",", Scales.Select(k => k.ToString("R", invariant))),
            [nameof(MinSegmentSize)] = MinSegmentSize.ToString(invariant),
            [nameof(HierarchicalGrouping)] = HierarchicalGrouping ? "true" : "false",
            [nameof(MaxAreaFraction)] = MaxAreaFraction.ToString("R", invariant),
            [nameof(MinRegionArea)] = MinRegionArea.ToString(invariant),
            [nameof(StrongEdge)] = StrongEdge.ToString("R", invariant),
            [nameof(MinBoundaryContrast)] = MinBoundaryContrast.ToString("R", invariant),
            [nameof(FrameWeight)] = FrameWeight.ToString("R", invariant),
        };
    }

    private static ArgumentException Invalid(string name, string problem) => new($"FelzenszwalbOptions.{name} {problem}", name);
}
