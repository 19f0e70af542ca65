namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Run-length encodes a decoder mask straight from its logits into the whole image's COCO RLE (column-major runs,
/// starting with zeros), placing a crop's mask at the crop's position as SAM's <c>uncrop_masks</c> does — without
/// building an intermediate full-size mask.
/// </summary>
public static class SamMaskRle
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

        var runs = new RunBuilder(new List<int>());
        runs.Add(false, crop.X0 * imageHeight);               // whole zero columns left of the crop
        for (int x = 0; x < cw; x++)
        {
            runs.Add(false, crop.Y0);                          // zero rows above the crop
            for (int y = 0; y < ch; y++) runs.Add(inside[y * cw + x], 1);
            runs.Add(false, imageHeight - crop.Y1);            // zero rows below the crop
        }
        runs.Add(false, (imageWidth - crop.X1) * imageHeight); // whole zero columns right of the crop
        var counts = runs.Finish();
        return CocoRle.FromCounts(counts, imageHeight, imageWidth);
    }

    /// <summary>Collects alternating runs, starting with zeros.</summary>
    private struct RunBuilder(List<int> counts)
    {
        private bool _current;
        private int _run;

        public void Add(bool value, int length)
        {
            if (length == 0) return;
            if (value != _current)
            {
                counts.Add(_run);
                _run = 0;
                _current = value;
            }
            _run += length;
        }

        public List<int> Finish()
        {
            counts.Add(_run);
            return counts;
        }
    }
}
