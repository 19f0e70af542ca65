using SamClr.MLNet.Data;

namespace SamClr.MLNet.Views;

/// <summary>
/// Decides, per image and per draw, the box that a training view is sampled from: the whole image
/// for SimCLR, one region of the image for SAMCLR. This is what makes view sampling pluggable for
/// every method.
/// </summary>
internal interface IViewBoxSource
{
    /// <summary>The box (canvas pixels) that the views of image <paramref name="imageIndex"/> are cropped from this time.</summary>
    CropBox BoxFor(int imageIndex, Random random);
}
