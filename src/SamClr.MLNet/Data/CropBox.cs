namespace SamClr.MLNet.Data;

/// <summary>
/// An axis-aligned box in the pixel coordinates of an image canvas: pixel (column c, row r) covers
/// [c, c + 1) x [r, r + 1), so the whole of a W x H image is (0, 0, W, H). Coordinates may be fractional.
/// Used both for the box a view is sampled from (the whole image, or a region's bounding box) and for
/// the crop that was sampled inside it.
/// </summary>
/// <param name="X0">Left edge in pixels.</param>
/// <param name="Y0">Top edge in pixels.</param>
/// <param name="X1">Right edge in pixels (greater than <paramref name="X0"/> for a valid box).</param>
/// <param name="Y1">Bottom edge in pixels (greater than <paramref name="Y0"/> for a valid box).</param>
public readonly record struct CropBox(float X0, float Y0, float X1, float Y1)
{
    /// <summary>Width in pixels, <c>X1 - X0</c>.</summary>
    public float Width => X1 - X0;

    /// <summary>Height in pixels, <c>Y1 - Y0</c>.</summary>
    public float Height => Y1 - Y0;

    /// <summary>Area in square pixels.</summary>
    public float Area => Width * Height;

    /// <summary>True when the box has a positive, finite width and height.</summary>
    public bool IsValid =>
        float.IsFinite(X0) && float.IsFinite(Y0) && float.IsFinite(X1) && float.IsFinite(Y1) && X1 > X0 && Y1 > Y0;

    /// <summary>The box covering a whole <paramref name="width"/> x <paramref name="height"/> image: (0, 0, width, height).</summary>
    public static CropBox Whole(int width, int height) => new(0, 0, width, height);

    /// <summary>
    /// True when this box lies inside <paramref name="outer"/>, allowing <paramref name="tolerance"/> pixels of
    /// floating-point slack on every side.
    /// </summary>
    public bool IsInside(CropBox outer, float tolerance = 1e-3f) =>
        X0 >= outer.X0 - tolerance && Y0 >= outer.Y0 - tolerance &&
        X1 <= outer.X1 + tolerance && Y1 <= outer.Y1 + tolerance;
}
