using Microsoft.ML;
using Microsoft.ML.Data;

namespace SamClr.MLNet.Data;

/// <summary>Exposes an <see cref="ImageSet"/> or an <see cref="ImageStore"/> to ML.NET pipelines.</summary>
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
    /// <remarks>The pre-training estimators recognise this view (also behind SamRegionSample) and cut their views from
    /// <paramref name="set"/> directly, without copying the images.</remarks>
    public static IDataView ToDataView(this ISourceImages set, MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(mlContext);
        return new ImageSetDataView(set);
    }

    /// <summary>Image <paramref name="index"/> of <paramref name="set"/> at its own size (no canvas padding) as an RGBA <see cref="MLImage"/>.</summary>
    /// <param name="set">The images.</param>
    /// <param name="index">Which image.</param>
    public static MLImage ToMLImage(this ISourceImages set, int index)
    {
        ArgumentNullException.ThrowIfNull(set);
        var size = set.Sizes[index];
        var rgb = set.ReadImage(index);
        var rgba = new byte[4 * size.Width * size.Height];
        for (int p = 0, q = 0; p < rgb.Length; p += 3, q += 4)
        {
            rgba[q] = rgb[p];
            rgba[q + 1] = rgb[p + 1];
            rgba[q + 2] = rgb[p + 2];
            rgba[q + 3] = 255;
        }
        return MLImage.CreateFromPixels(size.Width, size.Height, MLPixelFormat.Rgba32, rgba);
    }
}
