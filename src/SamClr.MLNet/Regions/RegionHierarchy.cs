namespace SamClr.MLNet.Regions;

/// <summary>The region hierarchy of SAMCLR: which regions are the coarsest, i.e. not contained in a bigger one.</summary>
internal static class RegionHierarchy
{
    /// <summary>The default containment threshold, 0.9 (the paper and the authors' code).</summary>
    public const double DefaultContainment = 0.9;

    /// <summary>
    /// The coarsest regions, grouped the way the SAMCLR authors' code groups them: regions are visited by area,
    /// largest first; a region joins the first already-kept root (in the order they were kept) whose mask covers more
    /// than <paramref name="containment"/> of it — <c>|region ∩ root| / |region| &gt; containment</c>, strictly —
    /// and otherwise becomes a new root. One root per group is kept.
    /// </summary>
    /// <remarks>
    /// Ties: regions of equal area keep their input order (a stable sort), so the earlier one becomes the root; two
    /// identical masks therefore give the first of them. Regions with an empty mask belong to no group and are dropped.
    /// Intersections are computed from the runs (<see cref="CocoRle.IntersectionArea"/>) and only for pairs whose
    /// bounding-box overlap is big enough to exceed the threshold.
    /// </remarks>
    /// <param name="regions">The regions of one image; every mask has the same size.</param>
    /// <param name="containment">The threshold in [0, 1]; default <see cref="DefaultContainment"/> (0.9).</param>
    /// <returns>The roots, largest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="containment"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    public static IReadOnlyList<Region> Coarsest(IReadOnlyList<Region> regions, double containment = DefaultContainment)
    {
        ArgumentNullException.ThrowIfNull(regions);
        if (!(containment >= 0 && containment <= 1))
            throw new ArgumentOutOfRangeException(nameof(containment), containment,
                "The containment threshold is a fraction of a region's own area and must lie in [0, 1] (default 0.9).");
        CheckSameSize(regions);

        var ordered = regions.Where(r => r.Area > 0).OrderByDescending(r => r.Area);
        var roots = new List<Region>();
        foreach (var region in ordered)
        {
            if (!roots.Any(root => IsContained(region, root, containment)))
                roots.Add(region);
        }
        return roots;
    }

    private static bool IsContained(Region region, Region root, double containment)
    {
        var a = region.Box!.Value;
        var b = root.Box!.Value;
        float overlapWidth = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0);
        float overlapHeight = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        if (overlapWidth <= 0 || overlapHeight <= 0)
            return false;
        double area = region.Area;
        // The boxes' overlap bounds the masks' intersection from above.
        if ((double)overlapWidth * overlapHeight / area <= containment)
            return false;
        return CocoRle.IntersectionArea(region.Mask, root.Mask) / area > containment;
    }

    private static void CheckSameSize(IReadOnlyList<Region> regions)
    {
        for (int i = 1; i < regions.Count; i++)
        {
            var first = regions[0].Mask;
            var mask = regions[i].Mask;
            if (mask.Width != first.Width || mask.Height != first.Height)
                throw new ArgumentException(
                    $"Region {i} has a {mask.Width} x {mask.Height} mask but region 0 has {first.Width} x {first.Height}; the regions of one image must share its size.",
                    nameof(regions));
        }
    }
}
