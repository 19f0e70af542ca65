namespace SamClr.MLNet.Regions;

/// <summary>An axis-aligned box in image pixels: corners (X0, Y0) inclusive and (X1, Y1) exclusive.</summary>
/// <param name="X0">Left edge.</param>
/// <param name="Y0">Top edge.</param>
/// <param name="X1">Right edge (greater than X0).</param>
/// <param name="Y1">Bottom edge (greater than Y0).</param>
public readonly record struct PixelBox(float X0, float Y0, float X1, float Y1)
{
    /// <summary>Width in pixels.</summary>
    public float Width => X1 - X0;

    /// <summary>Height in pixels.</summary>
    public float Height => Y1 - Y0;

    /// <summary>Area in square pixels.</summary>
    public float Area => Width * Height;

    /// <summary>True when <paramref name="other"/> lies entirely inside this box (edges may touch).</summary>
    public bool Contains(PixelBox other, float tolerance = 1e-4f) =>
        other.X0 >= X0 - tolerance && other.Y0 >= Y0 - tolerance && other.X1 <= X1 + tolerance && other.Y1 <= Y1 + tolerance;
}
