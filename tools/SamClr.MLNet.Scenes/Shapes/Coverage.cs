namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// The fraction of each pixel an object covers, in [0, 1], over the object's pixel box on the canvas.
/// A pixel belongs to the object's mask when at least half of it is covered.
/// </summary>
internal sealed class Coverage
{
    /// <summary>Coverage at or above which a pixel counts as the object's, 0.5.</summary>
    public const float MaskThreshold = 0.5f;

    /// <summary>Sub-samples per pixel side where a pixel straddles the outline (4 x 4 = 16 samples).</summary>
    private const int Supersampling = 4;

    /// <summary>
    /// Half a pixel's diagonal plus a margin: a pixel centre farther than this from the outline has the
    /// whole pixel on one side, so it needs no supersampling.
    /// </summary>
    private const float EdgeBand = 0.75f;

    private readonly float[] _values;

    private Coverage(int left, int top, int width, int height)
    {
        Left = left;
        Top = top;
        Width = width;
        Height = height;
        _values = new float[width * height];
    }

    /// <summary>First column of the box.</summary>
    public int Left { get; }

    /// <summary>First row of the box.</summary>
    public int Top { get; }

    /// <summary>Box width in pixels.</summary>
    public int Width { get; }

    /// <summary>Box height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels with coverage at least <see cref="MaskThreshold"/>.</summary>
    public int MaskArea { get; private set; }

    /// <summary>Coverage of canvas pixel (x, y), which must lie inside the box.</summary>
    public float this[int x, int y] => _values[(y - Top) * Width + (x - Left)];

    /// <summary>
    /// Rasterises <paramref name="placed"/> on a canvas of <paramref name="canvasWidth"/> x <paramref name="canvasHeight"/> pixels: the distance
    /// bound at each pixel centre decides full or empty coverage away from the outline, and 4 x 4 samples of the
    /// inside test decide it near the outline.
    /// </summary>
    public static Coverage Of(PlacedObject placed, int canvasWidth, int canvasHeight)
    {
        int left = Math.Max(0, (int)MathF.Floor(placed.CentreX - placed.Radius));
        int top = Math.Max(0, (int)MathF.Floor(placed.CentreY - placed.Radius));
        int right = Math.Min(canvasWidth, (int)MathF.Ceiling(placed.CentreX + placed.Radius) + 1);
        int bottom = Math.Min(canvasHeight, (int)MathF.Ceiling(placed.CentreY + placed.Radius) + 1);
        var coverage = new Coverage(left, top, Math.Max(0, right - left), Math.Max(0, bottom - top));
        var outline = placed.Class.Outline;
        for (int y = top; y < bottom; y++)
            for (int x = left; x < right; x++)
            {
                var (u, v) = placed.ToLocal(x + 0.5f, y + 0.5f);
                float distance = outline.Distance(u, v) * placed.MinScale;
                float value = distance >= EdgeBand ? 0f : distance <= -EdgeBand ? 1f : Supersample(placed, outline, x, y);
                coverage._values[(y - top) * coverage.Width + (x - left)] = value;
                if (value >= MaskThreshold) coverage.MaskArea++;
            }
        return coverage;
    }

    private static float Supersample(PlacedObject placed, Shape outline, int x, int y)
    {
        int inside = 0;
        for (int sy = 0; sy < Supersampling; sy++)
            for (int sx = 0; sx < Supersampling; sx++)
            {
                var (u, v) = placed.ToLocal(x + (sx + 0.5f) / Supersampling, y + (sy + 0.5f) / Supersampling);
                if (outline.Distance(u, v) < 0f) inside++;
            }
        return inside / (float)(Supersampling * Supersampling);
    }
}
