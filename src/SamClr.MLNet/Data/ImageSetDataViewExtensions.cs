using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Data;

/// <summary>Exposes an <see cref="ImageSet"/> to ML.NET pipelines.</summary>
public static class ImageSetDataViewExtensions
{
    /// <summary>The image column's name: "Image".</summary>
    public const string ImageColumn = "Image";

    /// <summary>The label column's name: "Label".</summary>
    public const string LabelColumn = "Label";

    /// <summary>Name of the text column of image sources (file path, or "file#index" for a binary data set record), present when the set has sources.</summary>
    public const string SourceColumn = "Source";

    /// <summary>
    /// An <see cref="IDataView"/> with one row per image: column "Image" (ML.NET's <see cref="MLImage"/>, cropped to the
    /// image's valid size, so the canvas padding is not part of it) and, for a labelled set, column "Label" (the class
    /// name as text; map it with MapValueToKey for trainers). ML.NET's image transforms (ResizeImages, ExtractPixels, ...)
    /// and ApplyOnnxModel consume the image column. A row's image is created when a cursor first reads it there, so the view
    /// costs no memory beyond the set itself. The view is read-only and cannot shuffle; the context is taken for symmetry
    /// with ML.NET's loaders.
    /// </summary>
    /// <param name="set">The images.</param>
    /// <param name="mlContext">The ML.NET context that creates the view.</param>
    public static IDataView ToDataView(this ImageSet set, MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(mlContext);
        return new ImageSetDataView(set);
    }

    /// <summary>Image <paramref name="index"/> of <paramref name="set"/>, cropped to its valid size, as an RGBA <see cref="MLImage"/>.</summary>
    /// <param name="set">The images.</param>
    /// <param name="index">Which image.</param>
    public static MLImage ToMLImage(this ImageSet set, int index)
    {
        var size = set.Sizes[index];
        var planar = set.Image(index);
        int plane = set.Height * set.Width;
        var rgba = new byte[4 * size.Width * size.Height];
        for (int y = 0; y < size.Height; y++)
        {
            for (int x = 0; x < size.Width; x++)
            {
                int s = y * set.Width + x, d = 4 * (y * size.Width + x);
                rgba[d] = planar[s];
                rgba[d + 1] = planar[plane + s];
                rgba[d + 2] = planar[2 * plane + s];
                rgba[d + 3] = 255;
            }
        }
        return MLImage.CreateFromPixels(size.Width, size.Height, MLPixelFormat.Rgba32, rgba);
    }
}
