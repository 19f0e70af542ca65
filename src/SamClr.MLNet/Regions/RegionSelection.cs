using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>SAMCLR's choice of view boxes for one image: hierarchy, then area filter, then enlargement.</summary>
internal static class RegionSelection
{
    /// <summary>
    /// The boxes SAMCLR samples its views in for one image: the coarsest regions
    /// (<see cref="RegionHierarchy.Coarsest"/> with <see cref="RegionSelectionOptions.Containment"/>), those with at least
    /// <see cref="RegionSelectionOptions.MinArea"/> pixels, each bounding box enlarged by
    /// <see cref="RegionSelectionOptions.BoxScale"/> about its centre and clipped to the image
    /// (<see cref="BoxEnlargement.Enlarge"/>). Largest region first.
    /// </summary>
    /// <remarks>
    /// An empty result means no region survived: the image then trains on the whole image, the paper's fallback (the
    /// authors' code crashes on such an image).
    /// </remarks>
    /// <param name="regions">The regions of the image, masks on the canvas, the image at its top-left corner.</param>
    /// <param name="imageWidth">Width of the image's valid area on the canvas, at least 1.</param>
    /// <param name="imageHeight">Height of the image's valid area on the canvas, at least 1.</param>
    /// <param name="options">The settings; null means the paper's defaults (<c>new RegionSelectionOptions()</c>).</param>
    /// <exception cref="ArgumentException">The masks differ in size, or a region lies outside the image.</exception>
    /// <exception cref="InvalidDataException">The image has more than <see cref="RegionSelectionOptions.MaxRegions"/> regions.</exception>
    public static IReadOnlyList<CropBox> CandidateBoxes(
        IReadOnlyList<Region> regions, int imageWidth, int imageHeight, RegionSelectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        options ??= new RegionSelectionOptions();
        if (regions.Count > options.MaxRegions)
            throw new InvalidDataException(
                $"An image has {regions.Count} regions, more than RegionSelectionOptions.MaxRegions ({options.MaxRegions}); the coarsest-region pass " +
                "compares regions pairwise and would take hours. Check the mask file (thousands of overlapping masks), or raise MaxRegions.");

        var boxes = new List<CropBox>();
        foreach (var region in RegionHierarchy.Coarsest(regions, options.Containment))
        {
            if (region.Area >= options.MinArea)
                boxes.Add(BoxEnlargement.Enlarge(region.Box!.Value, options.BoxScale, imageWidth, imageHeight));
        }
        return boxes;
    }

    /// <summary>
    /// <see cref="CandidateBoxes"/> for regions found in a frame of <paramref name="frameWidth"/> x <paramref name="frameHeight"/>
    /// (amg.py masks on the original image, SAM's 1024 frame, a mask store's segmentation size), for an image of
    /// <paramref name="imageWidth"/> x <paramref name="imageHeight"/> pixels: <see cref="RegionSelectionOptions.MinArea"/> counts
    /// pixels of that image (the paper's 1000 px of the original) whatever the frame, and the boxes come back in the
    /// image's pixels. SamRegionSample and the visualize sample both select regions through this one path.
    /// </summary>
    /// <param name="regions">The regions, masks in the frame.</param>
    /// <param name="frameWidth">Width of the mask frame.</param>
    /// <param name="frameHeight">Height of the mask frame.</param>
    /// <param name="imageWidth">Width of the image the boxes are for.</param>
    /// <param name="imageHeight">Height of the image the boxes are for.</param>
    /// <param name="options">The settings; null means the paper's defaults.</param>
    public static IReadOnlyList<CropBox> CandidateBoxesInImage(IReadOnlyList<Region> regions, int frameWidth, int frameHeight,
        int imageWidth, int imageHeight, RegionSelectionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imageWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(imageHeight, 1);
        options ??= new RegionSelectionOptions();
        double areaScale = (double)frameWidth * frameHeight / ((double)imageWidth * imageHeight);
        var frameBoxes = CandidateBoxes(regions, frameWidth, frameHeight, options.ScaledTo(areaScale));
        float sx = (float)imageWidth / frameWidth, sy = (float)imageHeight / frameHeight;
        var image = CropBox.Whole(imageWidth, imageHeight);
        return frameBoxes.Select(b => new CropBox(
            Math.Max(b.X0 * sx, image.X0), Math.Max(b.Y0 * sy, image.Y0), Math.Min(b.X1 * sx, image.X1), Math.Min(b.Y1 * sy, image.Y1))).ToArray();
    }
}
