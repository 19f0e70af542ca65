namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// Efficient graph-based image segmentation (P. F. Felzenszwalb and D. P. Huttenlocher, "Efficient Graph-Based Image
/// Segmentation", IJCV 59(2), 2004), implemented from the paper's definition.
/// </summary>
/// <remarks>
/// <para>The image is optionally smoothed with a Gaussian, then every pixel is joined to its 8 neighbours by an edge
/// weighted with the Euclidean distance of their RGB values (0-255 scale; the paper's section 5 names this colour
/// variant). Edges are visited by non-decreasing weight; an edge of weight w between components C1 and C2 merges them
/// when w &lt;= min(Int(C1) + k/|C1|, Int(C2) + k/|C2|), where Int(C) is the largest edge weight in C's minimum spanning
/// tree (the weight of the edge that last grew C, since edges arrive in order) and k is the scale. Larger k gives
/// larger segments. Finally, as in the authors' reference implementation, the edges are visited once more in the same
/// order and any edge whose components are both distinct and at least one smaller than the minimum size joins them.</para>
/// <para>The run time is dominated by building and sorting the 4 edges per pixel (a radix sort, linear in the pixel
/// count); <see cref="Segment(GridGraph, double, int)"/> reuses one sorted graph for several scales.</para>
/// </remarks>
internal static class FelzenszwalbSegmentation
{
    /// <summary>Segments one image.</summary>
    /// <param name="planarRgb">3 planes of height x width bytes (R, G, B), as <see cref="Data.ImageSet"/> stores images.</param>
    /// <param name="width">Image width in pixels (at least 1).</param>
    /// <param name="height">Image height in pixels (at least 1).</param>
    /// <param name="sigma">Standard deviation of the Gaussian pre-smoothing in pixels; 0 turns smoothing off. The paper uses 0.8.</param>
    /// <param name="scale">The scale k of the merge criterion (intensity units of the 0-255 scale times pixels). The paper
    /// uses 300 for 128 x 128 images and 500 for larger ones.</param>
    /// <param name="minSize">Segments smaller than this many pixels are merged into a neighbour (0 or 1 turns it off).</param>
    /// <exception cref="ArgumentException">The buffer length does not match the size, or a parameter is out of range.</exception>
    public static SegmentMap Segment(ReadOnlySpan<byte> planarRgb, int width, int height, double sigma, double scale, int minSize)
    {
        CheckImage(planarRgb, width, height);
        CheckSigma(sigma);
        return Segment(BuildGraph(planarRgb, width, height, sigma), scale, minSize);
    }

    /// <summary>The smoothed, sorted grid graph of an image, to run <see cref="Segment(GridGraph, double, int)"/> on at several scales.</summary>
    internal static GridGraph BuildGraph(ReadOnlySpan<byte> planarRgb, int width, int height, double sigma) =>
        GridGraph.Build(GaussianSmoothing.Smooth(planarRgb, width, height, sigma), width, height);

    /// <summary>Runs the merge criterion and the small-segment merging on a sorted graph.</summary>
    internal static SegmentMap Segment(GridGraph graph, double scale, int minSize)
    {
        if (!(scale >= 0) || double.IsInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"The scale k must be a finite number of at least 0, got {scale}.");
        ArgumentOutOfRangeException.ThrowIfNegative(minSize);
        int pixels = graph.Width * graph.Height;
        var sets = new DisjointSet(pixels);
        // threshold[root] = Int(C) + k / |C|; a singleton has Int = 0.
        var threshold = new float[pixels];
        Array.Fill(threshold, (float)scale);
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            var (a, b) = graph.Ends(e);
            int rootA = sets.Find(a), rootB = sets.Find(b);
            if (rootA == rootB) continue;
            float weight = graph.Weight(e);
            if (weight > threshold[rootA] || weight > threshold[rootB]) continue;
            int root = sets.Union(rootA, rootB);
            threshold[root] = weight + (float)(scale / sets.Size(root));
        }
        if (minSize > 1)
        {
            for (int e = 0; e < graph.EdgeCount; e++)
            {
                var (a, b) = graph.Ends(e);
                int rootA = sets.Find(a), rootB = sets.Find(b);
                if (rootA != rootB && (sets.Size(rootA) < minSize || sets.Size(rootB) < minSize)) sets.Union(rootA, rootB);
            }
        }
        return SegmentMap.FromSets(sets, graph.Width, graph.Height);
    }

    internal static void CheckImage(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"The image must be at least 1x1 pixels, got {width}x{height}.");
        if (planarRgb.Length != 3L * width * height)
            throw new ArgumentException($"A {width}x{height} planar RGB image has {3L * width * height} bytes, but the buffer has {planarRgb.Length}. Pass 3 planes of height x width bytes.", nameof(planarRgb));
    }

    internal static void CheckSigma(double sigma)
    {
        if (!(sigma >= 0) || double.IsInfinity(sigma))
            throw new ArgumentOutOfRangeException(nameof(sigma), $"The smoothing sigma must be a finite number of at least 0 pixels, got {sigma}.");
    }
}
