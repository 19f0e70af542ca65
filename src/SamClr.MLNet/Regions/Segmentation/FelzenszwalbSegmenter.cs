namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// The weight-free default region proposer: Felzenszwalb-Huttenlocher graph segmentation
/// (<see cref="FelzenszwalbSegmentation"/>) at several scales, each optionally grouped hierarchically as in selective
/// search, proposing the union of all their regions. It needs no model files, so every pipeline runs without SAM.
/// </summary>
/// <remarks>
/// <para>Like SAM's automatic mask generator, it returns overlapping masks of several granularities (an object and its
/// parts); the region hierarchy downstream keeps the coarsest. Identical masks are proposed once; regions larger than
/// <see cref="FelzenszwalbOptions.MaxAreaFraction"/> or smaller than <see cref="FelzenszwalbOptions.MinRegionArea"/> are
/// left out.</para>
/// <para>The regions carry no scores: <see cref="Region.PredictedIou"/> and <see cref="Region.StabilityScore"/> are NaN,
/// because there is no mask decoder to predict them; point and crop box are null.</para>
/// <para>Deterministic: equal images and options give equal regions in equal order, on every machine.</para>
/// <para>Cost (Release build, one core): about 17 ms per 96 x 96 scene with the defaults, of which the segmentation
/// itself is about 2 ms per scale; the grouping grows with the number of segments, so a 2048 x 1024 image takes about
/// 9 s. Propose regions on the canvas the training uses (96-224 px), not on full-resolution photographs.</para>
/// </remarks>
public sealed class FelzenszwalbSegmenter : IRegionProposer
{
    private readonly FelzenszwalbOptions _options;

    /// <summary>Creates the proposer.</summary>
    /// <param name="options">Settings; null uses the defaults of <see cref="FelzenszwalbOptions"/>. They are copied.</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public FelzenszwalbSegmenter(FelzenszwalbOptions? options = null)
    {
        _options = (options ?? new FelzenszwalbOptions()).Clone();
        _options.Validate();
        Parameters = _options.ToParameters();
    }

    /// <summary>"felzenszwalb".</summary>
    public string Name => "felzenszwalb";

    /// <summary>Every option of <see cref="FelzenszwalbOptions"/> by its property name, invariant culture; scales comma-separated.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The buffer length is not 3 x width x height, or the size is below 1 x 1.</exception>
    public IReadOnlyList<Region> Propose(ReadOnlySpan<byte> planarRgb, int width, int height, CancellationToken cancellation = default)
    {
        FelzenszwalbSegmentation.CheckImage(planarRgb, width, height);
        float[] planes = GaussianSmoothing.Smooth(planarRgb, width, height, _options.Sigma);
        var graph = GridGraph.Build(planes, width, height);
        long maxArea = (long)Math.Floor(_options.MaxAreaFraction * width * height);
        var regions = new List<Region>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (double scale in _options.Scales)
        {
            cancellation.ThrowIfCancellationRequested();
            var map = FelzenszwalbSegmentation.Segment(graph, scale, _options.MinSegmentSize);
            float strongEdge = (float)_options.StrongEdge;
            var groups = _options.HierarchicalGrouping
                ? RegionGrouping.Run(map, planes, strongEdge, cancellation)
                : RegionGrouping.Leaves(map, planes, strongEdge);
            var member = new bool[map.Count];
            foreach (var group in groups)
            {
                if (group.Size < _options.MinRegionArea || group.Size > maxArea || !Contrasted(group)) continue;
                foreach (int s in group.Segments) member[s] = true;
                var mask = SegmentRle.Encode(map, member, group.X0, group.X1);
                foreach (int s in group.Segments) member[s] = false;
                if (seen.Add(mask.ToCompressedString())) regions.Add(new Region(mask));
            }
        }
        return regions;
    }

    /// <summary>Whether at least <see cref="FelzenszwalbOptions.MinBoundaryContrast"/> of the region's boundary is strong edges.</summary>
    private bool Contrasted(RegionGrouping.Group group)
    {
        double boundary = group.Boundary + _options.FrameWeight * group.Frame;
        return boundary <= 0 ? _options.MinBoundaryContrast <= 0 : group.StrongBoundary >= _options.MinBoundaryContrast * boundary;
    }
}
