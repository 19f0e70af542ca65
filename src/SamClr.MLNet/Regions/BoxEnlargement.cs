using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>Enlarges a region's box around its centre, as SAMCLR does before sampling views in it.</summary>
internal static class BoxEnlargement
{
    /// <summary>
    /// Multiplies the width and the height of <paramref name="box"/> by <paramref name="scale"/>, keeping its centre,
    /// then clips the result to the image (0, 0, <paramref name="imageWidth"/>, <paramref name="imageHeight"/>).
    /// The paper uses c = 1.3; the authors' code used 2.0.
    /// </summary>
    /// <param name="box">A valid box (positive width and height) overlapping the image.</param>
    /// <param name="scale">The factor c, finite and above 0 (1 keeps the size; below 1 shrinks).</param>
    /// <param name="imageWidth">Width of the image's valid area in pixels, at least 1.</param>
    /// <param name="imageHeight">Height of the image's valid area in pixels, at least 1.</param>
    /// <exception cref="ArgumentException">The box is invalid or lies outside the image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scale or an image size is out of range.</exception>
    public static CropBox Enlarge(CropBox box, double scale, int imageWidth, int imageHeight)
    {
        if (!box.IsValid)
            throw new ArgumentException($"Cannot enlarge {box}: a box needs a positive, finite width and height.", nameof(box));
        if (!(scale > 0) || double.IsPositiveInfinity(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), scale,
                "The enlargement factor must be finite and above 0 (the paper uses 1.3, the authors' code 2.0).");
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);

        double centreX = (box.X0 + (double)box.X1) / 2, centreY = (box.Y0 + (double)box.Y1) / 2;
        double halfWidth = box.Width * scale / 2, halfHeight = box.Height * scale / 2;
        var enlarged = new CropBox(
            (float)Math.Max(0, centreX - halfWidth),
            (float)Math.Max(0, centreY - halfHeight),
            (float)Math.Min(imageWidth, centreX + halfWidth),
            (float)Math.Min(imageHeight, centreY + halfHeight));
        if (!enlarged.IsValid)
            throw new ArgumentException(
                $"{box} enlarged by {scale} does not overlap the {imageWidth} x {imageHeight} image; a region's box must lie on its image.",
                nameof(box));
        return enlarged;
    }
}
