using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Training;

/// <summary>Reads an ML.NET image column for training, so estimators can train on any IDataView of images.</summary>
internal static class DataViewImages
{
    /// <summary>
    /// The images of <paramref name="imageColumnName"/> at their own sizes, and with <paramref name="regionsColumnName"/>
    /// each row's candidate region boxes (the layout of <see cref="RegionBoxesColumn"/>) in those images' pixels.
    /// When the column reads from an <see cref="ImageSet"/> or <see cref="ImageStore"/> (their ToDataView, also behind
    /// SamRegionSample) those images are used as they are; any other image column is streamed once into a temporary
    /// <see cref="ImageStore"/> in <paramref name="workingDirectory"/> (images longer than <paramref name="maxSide"/>
    /// shrunk), which the result deletes when disposed, so memory stays bounded whatever the data's size.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="imageColumnName">An ML.NET image column.</param>
    /// <param name="regionsColumnName">The region box column, or null for whole-image training.</param>
    /// <param name="maxSide">Longest side of a copied image.</param>
    /// <param name="workingDirectory">Where a temporary image store goes; null means the system's temporary folder.</param>
    /// <param name="rowRead">Called after each row whose regions were read, with the rows read and the row count when
    /// known: reading a region column runs the proposer of rows that have no stored regions, which is slow.</param>
    /// <exception cref="ArgumentException">A column is missing or has the wrong type.</exception>
    public static TrainingImages ReadForTraining(IDataView data, string imageColumnName, string? regionsColumnName, int maxSide, string? workingDirectory = null,
        Action<int, long?>? rowRead = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (maxSide < 8) throw new ArgumentOutOfRangeException(nameof(maxSide), maxSide, "The longest side must be at least 8 pixels.");
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
        var backing = (data as ISourceImagesDataView)?.SourceImagesOf(imageColumnName);
        return backing is null
            ? Copy(data, column, regionsColumn, maxSide, workingDirectory ?? Path.GetTempPath(), rowRead)
            : new TrainingImages(backing, regionsColumn is null ? null : ReadRegions(data, regionsColumn.Value, backing, rowRead), null);
    }

    private static IReadOnlyList<IReadOnlyList<CropBox>> ReadRegions(IDataView data, DataViewSchema.Column regionsColumn, ISourceImages images,
        Action<int, long?>? rowRead)
    {
        var regions = new List<IReadOnlyList<CropBox>>(images.Count);
        using var cursor = data.GetRowCursor(new[] { regionsColumn });
        var getter = cursor.GetGetter<VBuffer<float>>(regionsColumn);
        VBuffer<float> boxes = default;
        while (cursor.MoveNext())
        {
            getter(ref boxes);
            var size = images.Sizes[regions.Count];
            regions.Add(RegionBoxesColumn.Read(boxes, 1f, CropBox.Whole(size.Width, size.Height), regionsColumn.Name, cursor.Position));
            rowRead?.Invoke(regions.Count, images.Count);
        }
        return regions;
    }

    /// <summary>Streams every row's image into a temporary image store, and its regions (rescaled when the image was shrunk).</summary>
    private static TrainingImages Copy(IDataView data, DataViewSchema.Column column, DataViewSchema.Column? regionsColumn, int maxSide, string workingDirectory,
        Action<int, long?>? rowRead)
    {
        string directory = Path.Combine(workingDirectory, $"samclr-images-{Guid.NewGuid():N}");
        var regions = regionsColumn is null ? null : new List<IReadOnlyList<CropBox>>();
        try
        {
            var store = ImageStore.Create(directory, Rows(data, column, regionsColumn, maxSide, regions, rowRead), maxSide);
            return new TrainingImages(store, regions, directory);
        }
        catch
        {
            TrainingImages.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Every row's image at its own size (shrunk beyond <paramref name="maxSide"/>); its regions, rescaled, go to <paramref name="regions"/>.</summary>
    private static IEnumerable<(byte[] Rgb, ImageSize Size, ImageSize OriginalSize, string Source)> Rows(IDataView data, DataViewSchema.Column column,
        DataViewSchema.Column? regionsColumn, int maxSide, List<IReadOnlyList<CropBox>>? regions, Action<int, long?>? rowRead)
    {
        long? rowCount = data.GetRowCount();
        var active = regionsColumn is null ? new[] { column } : new[] { column, regionsColumn.Value };
        using var cursor = data.GetRowCursor(active);
        var getter = cursor.GetGetter<MLImage>(column);
        var regionGetter = regionsColumn is null ? null : cursor.GetGetter<VBuffer<float>>(regionsColumn.Value);
        MLImage image = null!;
        VBuffer<float> boxes = default;
        while (cursor.MoveNext())
        {
            getter(ref image);
            if (image is null) throw new InvalidDataException($"Row {cursor.Position} of column '{column.Name}' has no image.");
            var (rgb, size) = ToRgb(image, maxSide);
            if (regionGetter != null)
            {
                regionGetter(ref boxes);
                float scale = (float)size.Width / image.Width;
                regions!.Add(RegionBoxesColumn.Read(boxes, scale, CropBox.Whole(size.Width, size.Height), regionsColumn!.Value.Name, cursor.Position));
                rowRead?.Invoke(regions.Count, rowCount);
            }
            yield return (rgb, size, new ImageSize(image.Width, image.Height), $"row/{cursor.Position}");
        }
    }

    private static DataViewSchema.Column FindColumn(IDataView data, string name) =>
        data.Schema.GetColumnOrNull(name)
        ?? throw new ArgumentException($"Input column '{name}' was not found; the data has: {string.Join(", ", data.Schema.Select(c => c.Name))}.", nameof(name));

    /// <summary>An ML.NET image as interleaved RGB at its own size, shrunk (<see cref="ImageResizer"/>) only beyond <paramref name="maxSide"/>.</summary>
    private static (byte[] Rgb, ImageSize Size) ToRgb(MLImage image, int maxSide)
    {
        var planar = PixelLayout.ToPlanarRgb(image);
        int width = image.Width, height = image.Height, side = Math.Max(width, height);
        if (side > maxSide)
        {
            var canvas = new byte[3 * maxSide * maxSide];
            var size = ImageResizer.ResizeOntoCanvas(planar, height, width, maxSide, canvas);
            return (PixelLayout.Interleave(canvas, maxSide, size), size);
        }
        return (PixelLayout.Interleave(planar, width, new ImageSize(width, height), height), new ImageSize(width, height));
    }
}

/// <summary>
/// The images an estimator trains on (<see cref="DataViewImages.ReadForTraining"/>) and, for region views, each image's
/// candidate boxes in its pixels. Disposing deletes the temporary image store the images were copied into, if any.
/// </summary>
internal sealed class TrainingImages : IDisposable
{
    private readonly string? _temporaryDirectory;

    internal TrainingImages(ISourceImages images, IReadOnlyList<IReadOnlyList<CropBox>>? regions, string? temporaryDirectory)
    {
        Images = images;
        Regions = regions;
        _temporaryDirectory = temporaryDirectory;
    }

    /// <summary>The images at their own sizes.</summary>
    public ISourceImages Images { get; }

    /// <summary>Candidate region boxes per image in its pixels, or null for whole-image training.</summary>
    public IReadOnlyList<IReadOnlyList<CropBox>>? Regions { get; }

    /// <summary>Whether the images were copied into a temporary image store (the input was not an ImageSet or ImageStore view).</summary>
    public bool Copied => _temporaryDirectory != null;

    /// <summary>Closes and deletes the temporary image store, if there is one.</summary>
    public void Dispose()
    {
        if (Images is ImageStore store && _temporaryDirectory != null)
        {
            store.Dispose();
            DeleteDirectory(_temporaryDirectory);
        }
    }

    internal static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder that cannot be deleted now is left to the system's temporary-file cleanup.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
