using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// One crop the automatic mask generator runs SAM on: whole-pixel bounds [X0, X1) x [Y0, Y1) in the original
/// image and the crop layer it belongs to (0 is the whole image).
/// </summary>
/// <param name="X0">Left edge (inclusive), in pixels.</param>
/// <param name="Y0">Top edge (inclusive), in pixels.</param>
/// <param name="X1">Right edge (exclusive), in pixels.</param>
/// <param name="Y1">Bottom edge (exclusive), in pixels.</param>
/// <param name="Layer">Crop layer: 0 for the whole image, l for the 2^l x 2^l crops of layer l.</param>
internal readonly record struct SamCrop(int X0, int Y0, int X1, int Y1, int Layer)
{
    /// <summary>Width in pixels.</summary>
    public int Width => X1 - X0;

    /// <summary>Height in pixels.</summary>
    public int Height => Y1 - Y0;

    /// <summary>The same bounds as a <see cref="CropBox"/> (what a <see cref="Region"/> records as its crop box).</summary>
    public CropBox ToCropBox() => new(X0, Y0, X1, Y1);
}
