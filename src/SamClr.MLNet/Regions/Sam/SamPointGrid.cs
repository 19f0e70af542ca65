namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// The point prompts of SAM's automatic mask generator: a regular n x n grid in normalised [0, 1] image
/// coordinates with points at the cell centres ((i + 0.5) / n), as <c>build_point_grid</c> in SAM's
/// <c>segment_anything/utils/amg.py</c> lays it out.
/// </summary>
internal static class SamPointGrid
{
    /// <summary>
    /// The n x n grid, row by row (top row first, left to right inside a row, the order SAM uses): point
    /// <c>k = i * n + j</c> is <c>((j + 0.5) / n, (i + 0.5) / n)</c> as (X, Y) fractions of the width and height.
    /// </summary>
    /// <param name="pointsPerSide">Points along each side, at least 1 (SAM's default is 32).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="pointsPerSide"/> is below 1.</exception>
    public static (float X, float Y)[] Build(int pointsPerSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerSide, 1);
        var points = new (float X, float Y)[pointsPerSide * pointsPerSide];
        for (int i = 0; i < pointsPerSide; i++)
            for (int j = 0; j < pointsPerSide; j++)
                points[i * pointsPerSide + j] = ((float)((j + 0.5) / pointsPerSide), (float)((i + 0.5) / pointsPerSide));
        return points;
    }

    /// <summary>
    /// One grid per crop layer, as SAM's <c>build_all_layer_point_grids</c>: layer <c>l</c> (0 = the whole image)
    /// gets <c>floor(pointsPerSide / downscaleFactor^l)</c> points per side, so smaller crops are not over-sampled.
    /// </summary>
    /// <param name="pointsPerSide">Points per side on layer 0 (SAM's default 32).</param>
    /// <param name="cropLayers">Number of crop layers after layer 0 (SAM's default 0).</param>
    /// <param name="downscaleFactor">Per-layer divisor of the points per side (SAM's default 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// When a layer would get fewer than 1 point per side, or when an argument is out of range.
    /// </exception>
    public static IReadOnlyList<(float X, float Y)[]> ForLayers(int pointsPerSide, int cropLayers, int downscaleFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerSide, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cropLayers);
        ArgumentOutOfRangeException.ThrowIfLessThan(downscaleFactor, 1);
        var grids = new List<(float X, float Y)[]>(cropLayers + 1);
        for (int layer = 0; layer <= cropLayers; layer++)
        {
            int perSide = (int)Math.Floor(pointsPerSide / Math.Pow(downscaleFactor, layer));
            if (perSide < 1)
                throw new ArgumentOutOfRangeException(nameof(cropLayers),
                    $"Crop layer {layer} would get {pointsPerSide} / {downscaleFactor}^{layer} < 1 point per side; " +
                    "use fewer crop layers, a smaller points-per-side downscale factor or more points per side.");
            grids.Add(Build(perSide));
        }
        return grids;
    }
}
