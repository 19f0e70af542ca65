using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Data;

/// <summary>Reads an ML.NET image column into an <see cref="ImageSet"/>, so estimators can train on any IDataView of images.</summary>
public static class DataViewImages
{
    /// <summary>
    /// Reads every row's image from <paramref name="imageColumnName"/> and places it on a square canvas of
    /// <paramref name="canvasSize"/> pixels: resized so its longest side fits (<see cref="ImageResizer"/>, the resize
    /// decoded image files get), padded with zeros on the right and bottom.
    /// </summary>
    /// <exception cref="ArgumentException">The column is missing or is not an ML.NET image column.</exception>
    public static ImageSet Read(IDataView data, string imageColumnName, int canvasSize) =>
        ReadRows(data, imageColumnName, null, canvasSize).Images;

    /// <summary>
    /// Like <see cref="Read"/>, and also reads each row's candidate region boxes from <paramref name="regionsColumnName"/>
    /// (the layout of <see cref="RegionBoxesColumn"/>, in original image pixels) and maps them onto the canvas.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type.</exception>
    public static (ImageSet Images, IReadOnlyList<IReadOnlyList<CropBox>> Regions) ReadWithRegions(
        IDataView data, string imageColumnName, string regionsColumnName, int canvasSize)
    {
        var (images, regions) = ReadRows(data, imageColumnName, regionsColumnName, canvasSize);
        return (images, regions!);
    }

    private static (ImageSet Images, List<IReadOnlyList<CropBox>>? Regions) ReadRows(
        IDataView data, string imageColumnName, string? regionsColumnName, int canvasSize)
    {
        if (canvasSize <= 0) throw new ArgumentOutOfRangeException(nameof(canvasSize), canvasSize, "Canvas size must be positive.");
        var column = FindColumn(data, imageColumnName);
        if (column.Type is not ImageDataViewType)
            throw new ArgumentException(
                $"Column '{imageColumnName}' holds {column.Type}, not images. Load images first, e.g. mlContext.Transforms.LoadImages(\"{imageColumnName}\", imageFolder, \"ImagePath\").",
                nameof(imageColumnName));
        DataViewSchema.Column? regionsColumn = null;
        if (regionsColumnName != null)
        {
            regionsColumn = FindColumn(data, regionsColumnName);
            if (regionsColumn.Value.Type is not VectorDataViewType { ItemType: NumberDataViewType n } || n != NumberDataViewType.Single)
                throw new ArgumentException(
                    $"Region column '{regionsColumnName}' holds {regionsColumn.Value.Type}; it must be a vector of Single boxes as made by mlContext.Transforms.SamRegionSample.",
                    nameof(regionsColumnName));
        }

        var pixels = new List<byte[]>();
        var sizes = new List<ImageSize>();
        var regions = regionsColumn is null ? null : new List<IReadOnlyList<CropBox>>();
        var active = regionsColumn is null ? new[] { column } : new[] { column, regionsColumn.Value };
        using var cursor = data.GetRowCursor(active);
        var getter = cursor.GetGetter<MLImage>(column);
        var regionGetter = regionsColumn is null ? null : cursor.GetGetter<VBuffer<float>>(regionsColumn.Value);
        MLImage image = null!;
        VBuffer<float> boxes = default;
        while (cursor.MoveNext())
        {
            getter(ref image);
            if (image is null) throw new InvalidDataException($"Row {cursor.Position} of column '{imageColumnName}' has no image.");
            var (canvas, size) = ToCanvas(image, canvasSize);
            pixels.Add(canvas);
            sizes.Add(size);
            if (regionGetter != null)
            {
                regionGetter(ref boxes);
                float scale = (float)size.Width / image.Width;
                regions!.Add(RegionBoxesColumn.Read(boxes, scale, CropBox.Whole(size.Width, size.Height), regionsColumnName!, cursor.Position));
            }
        }
        var all = new byte[pixels.Sum(p => (long)p.Length)];
        long offset = 0;
        foreach (var p in pixels)
        {
            p.CopyTo(all, offset);
            offset += p.Length;
        }
        return (new ImageSet(canvasSize, canvasSize, all, sizes), regions);
    }

    private static DataViewSchema.Column FindColumn(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name)
        ?? throw new ArgumentException($"Input column '{name}' was not found; the data has: {string.Join(", ", data.Schema.Select(c => c.Name))}.", nameof(name));

    /// <summary>One image onto a canvas (<see cref="ImageResizer"/>, as decoded files are): planar RGB bytes (3 x size x size) and the valid extent.</summary>
    internal static (byte[] Canvas, ImageSize Size) ToCanvas(MLImage image, int canvasSize)
    {
        var canvas = new byte[3 * canvasSize * canvasSize];
        var size = ImageResizer.ResizeOntoCanvas(ToPlanarRgb(image), image.Height, image.Width, canvasSize, canvas);
        return (canvas, size);
    }

    /// <summary>The RGB planes of an ML.NET image (Bgra32 or Rgba32), alpha dropped.</summary>
    internal static byte[] ToPlanarRgb(MLImage image)
    {
        int w = image.Width, h = image.Height, plane = w * h;
        var src = image.Pixels;
        int bytesPerPixel = image.BitsPerPixel / 8;
        bool bgr = image.PixelFormat == MLPixelFormat.Bgra32;
        var planar = new byte[3 * plane];
        for (int i = 0; i < plane; i++)
        {
            int o = i * bytesPerPixel;
            planar[i] = src[o + (bgr ? 2 : 0)];
            planar[plane + i] = src[o + 1];
            planar[2 * plane + i] = src[o + (bgr ? 0 : 2)];
        }
        return planar;
    }
}
