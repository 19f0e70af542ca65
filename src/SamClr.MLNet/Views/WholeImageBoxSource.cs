using SamClr.MLNet.Data;

namespace SamClr.MLNet.Views;

/// <summary>Views come from the whole (valid part of the) image: SimCLR's sampling.</summary>
internal sealed class WholeImageBoxSource : IViewBoxSource
{
    private readonly IReadOnlyList<ImageSize> _sizes;

    /// <summary>Creates the source for the images of <paramref name="images"/>.</summary>
    public WholeImageBoxSource(ISourceImages images) => _sizes = images.Sizes;

    /// <inheritdoc />
    public CropBox BoxFor(int imageIndex, Random random) => new(0, 0, _sizes[imageIndex].Width, _sizes[imageIndex].Height);
}
