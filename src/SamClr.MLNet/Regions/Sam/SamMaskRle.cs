namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Run-length encodes a decoder mask straight from its logits into the whole image's COCO RLE (column-major runs,
/// starting with zeros), placing a crop's mask at the crop's position as SAM's <c>uncrop_masks</c> does — without
/// building an intermediate full-size mask.
/// </summary>
internal static class SamMaskRle
{
    /// <summary>
    /// The RLE of the pixels whose logit exceeds <paramref name="threshold"/>, in a
    /// <paramref name="imageWidth"/> x <paramref name="imageHeight"/> image where the row-major
    /// <paramref name="logits"/> cover <paramref name="crop"/>.
    /// </summary>
    /// <exception cref="ArgumentException">When the logits do not cover the crop, or the crop leaves the image.</exception>
    public static CocoRle Encode(ReadOnlySpan<float> logits, SamCrop crop, int imageWidth, int imageHeight, float threshold)
    {
        int cw = crop.Width, ch = crop.Height;
        if (logits.Length != cw * ch)
            throw new ArgumentException($"Expected {cw} x {ch} = {cw * ch} logits for the crop, got {logits.Length}.", nameof(logits));
        if (crop.X0 < 0 || crop.Y0 < 0 || crop.X1 > imageWidth || crop.Y1 > imageHeight || cw < 1 || ch < 1)
            throw new ArgumentException($"The crop {crop} does not lie inside the {imageWidth} x {imageHeight} image.", nameof(crop));

        // Threshold once in row-major order (sequential reads), then walk the small bool map column by column.
        var inside = new bool[cw * ch];
        for (int i = 0; i < inside.Length; i++) inside[i] = logits[i] > threshold;

        var runs = new RunLengthBuilder();
        runs.Append(false, crop.X0 * imageHeight);                // whole zero columns left of the crop
        for (int x = 0; x < cw; x++)
        {
            runs.Append(false, crop.Y0);                          // zero rows above the crop
            for (int y = 0; y < ch; y++) runs.Append(inside[y * cw + x]);
            runs.Append(false, imageHeight - crop.Y1);            // zero rows below the crop
        }
        runs.Append(false, (imageWidth - crop.X1) * imageHeight); // whole zero columns right of the crop
        return CocoRle.FromCounts(runs.ToCounts(), imageHeight, imageWidth);
    }
}
