using SamClr.MLNet.Views;

namespace SamClr.MLNet.Regions;

/// <summary>SAMCLR's choice of view boxes for one image: hierarchy, then area filter, then enlargement.</summary>
public static class RegionSelection
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
}
