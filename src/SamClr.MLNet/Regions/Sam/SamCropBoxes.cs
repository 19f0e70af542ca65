namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// The crops of SAM's automatic mask generator, laid out as <c>generate_crop_boxes</c> in SAM's
/// <c>segment_anything/utils/amg.py</c>: the whole image first, then for each layer l = 1..n a
/// 2^l x 2^l grid of overlapping crops.
/// </summary>
internal static class SamCropBoxes
{
    /// <summary>
    /// All crops. Layer l has <c>c = 2^l</c> crops per side with an overlap of
    /// <c>floor(overlapRatio * shortSide * 2 / c)</c> pixels; a crop is <c>ceil((overlap * (c - 1) + side) / c)</c>
    /// pixels long and crop i starts at <c>floor((length - overlap) * i)</c>, clipped to the image. Crops are listed
    /// column of crops by column (x outer, y inner), as SAM lists them.
    /// </summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="cropLayers">Crop layers after the whole image (SAM's default 0: the whole image only).</param>
    /// <param name="overlapRatio">Overlap as a fraction of the short side at layer 1 (SAM's default 512 / 1500).</param>
    /// <exception cref="ArgumentOutOfRangeException">When a size is not positive or the layer count is negative.</exception>
    public static IReadOnlyList<SamCrop> Generate(int width, int height, int cropLayers, double overlapRatio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(cropLayers);
        if (!(overlapRatio >= 0 && overlapRatio < 1))
            throw new ArgumentOutOfRangeException(nameof(overlapRatio), overlapRatio, "The crop overlap ratio must lie in [0, 1).");

        var crops = new List<SamCrop> { new(0, 0, width, height, 0) };
        int shortSide = Math.Min(width, height);
        for (int layer = 1; layer <= cropLayers; layer++)
        {
            int perSide = 1 << layer;
            int overlap = (int)(overlapRatio * shortSide * (2.0 / perSide));
            int cropWidth = CropLength(width, perSide, overlap);
            int cropHeight = CropLength(height, perSide, overlap);
            for (int i = 0; i < perSide; i++)
            {
                int x0 = (int)((double)(cropWidth - overlap) * i);
                for (int j = 0; j < perSide; j++)
                {
                    int y0 = (int)((double)(cropHeight - overlap) * j);
                    crops.Add(new SamCrop(x0, y0, Math.Min(x0 + cropWidth, width), Math.Min(y0 + cropHeight, height), layer));
                }
            }
        }
        return crops;
    }

    private static int CropLength(int side, int crops, int overlap) =>
        (int)Math.Ceiling((overlap * (crops - 1.0) + side) / crops);
}
