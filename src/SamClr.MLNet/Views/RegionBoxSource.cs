using SamClr.MLNet.Data;

namespace SamClr.MLNet.Views;

/// <summary>
/// SAMCLR's view sampling: each time an image is drawn (once per epoch), one of its candidate region boxes is
/// picked uniformly at random and both views are cropped inside it. An image with no candidate region falls back
/// to the whole image (the paper's rule; the authors' code crashes there).
/// </summary>
internal sealed class RegionBoxSource : IViewBoxSource
{
    private readonly IReadOnlyList<IReadOnlyList<CropBox>> _boxes;
    private readonly IReadOnlyList<ImageSize> _sizes;

    /// <summary>Creates the source.</summary>
    /// <param name="boxesPerImage">Candidate boxes of each image, in canvas pixels, each inside its image's valid extent.</param>
    /// <param name="sizes">Valid extent of each image (<see cref="ImageSet.Sizes"/>).</param>
    public RegionBoxSource(IReadOnlyList<IReadOnlyList<CropBox>> boxesPerImage, IReadOnlyList<ImageSize> sizes)
    {
        if (boxesPerImage.Count != sizes.Count)
            throw new ArgumentException($"{boxesPerImage.Count} region lists for {sizes.Count} images.", nameof(boxesPerImage));
        for (int i = 0; i < boxesPerImage.Count; i++)
        {
            var whole = CropBox.Whole(sizes[i].Width, sizes[i].Height);
            foreach (var box in boxesPerImage[i])
                if (!box.IsValid || !box.IsInside(whole))
                    throw new ArgumentException($"Region box {box} of image {i} is empty or outside the image ({sizes[i].Width}x{sizes[i].Height}).", nameof(boxesPerImage));
        }
        _boxes = boxesPerImage;
        _sizes = sizes;
        ImagesWithoutRegions = boxesPerImage.Count(b => b.Count == 0);
    }

    /// <summary>How many images have no candidate region and train on the whole image.</summary>
    public int ImagesWithoutRegions { get; }

    /// <inheritdoc />
    public CropBox BoxFor(int imageIndex, Random random)
    {
        var boxes = _boxes[imageIndex];
        return boxes.Count == 0
            ? CropBox.Whole(_sizes[imageIndex].Width, _sizes[imageIndex].Height)
            : boxes[random.Next(boxes.Count)];
    }
}
