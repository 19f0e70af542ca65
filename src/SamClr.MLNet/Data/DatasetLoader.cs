namespace SamClr.MLNet.Data;

/// <summary>One entry point that reads any supported data set into an <see cref="ImageSet"/>.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Reads one split of the data set at <paramref name="path"/> onto a square canvas of <paramref name="canvasSize"/>.
    /// CIFAR-10 (32x32) and STL-10 (96x96) images are resized by <see cref="ImageResizer"/> when the canvas differs from
    /// their native size. For an image folder, <see cref="DataSplit.Train"/> and <see cref="DataSplit.Test"/> read class
    /// folders (<see cref="ImageFolderReader.ReadLabelled"/>), and <see cref="DataSplit.Unlabeled"/> reads every image
    /// below <paramref name="path"/> (<see cref="ImageFolderReader.ReadUnlabelled"/>).
    /// </summary>
    /// <param name="path">The data set directory.</param>
    /// <param name="format">The format; null (the default) detects it with <see cref="DatasetFormats.Detect"/>.</param>
    /// <param name="split">Which split to read.</param>
    /// <param name="canvasSize">Side of the square canvas of the result.</param>
    /// <param name="maxImages">For CIFAR-10 and STL-10, read at most this many images; null (the default) reads all. Image folders are always read whole.</param>
    /// <param name="cacheDirectory">For image folders, where to keep decoded images between runs; null (the default) decodes every time.</param>
    /// <param name="warn">Receives a message per skipped image and per rebuilt cache file; null (the default) ignores them.</param>
    public static ImageSet Load(string path, DatasetFormat? format, DataSplit split, int canvasSize, int? maxImages = null,
        string? cacheDirectory = null, Action<string>? warn = null)
    {
        if (canvasSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(canvasSize), $"Canvas size must be positive, got {canvasSize}.");
        return (format ?? DatasetFormats.Detect(path)) switch
        {
            DatasetFormat.Cifar10 => ImageResizer.ResizeOntoCanvas(Cifar10Reader.Read(path, split, maxImages), canvasSize),
            DatasetFormat.Stl10 => ImageResizer.ResizeOntoCanvas(Stl10Reader.Read(path, split, maxImages), canvasSize),
            DatasetFormat.Folder when split == DataSplit.Unlabeled => ImageFolderReader.ReadUnlabelled(path, canvasSize, cacheDirectory, warn),
            DatasetFormat.Folder => ImageFolderReader.ReadLabelled(path, canvasSize, split, cacheDirectory, warn),
            var other => throw new ArgumentOutOfRangeException(nameof(format), other, "Unknown data set format."),
        };
    }

    /// <summary>
    /// The training images of one split of the data set at <paramref name="path"/>, at their own sizes: CIFAR-10 (32x32)
    /// and STL-10 (96x96) in memory as they are stored; an image folder decoded once into the <see cref="ImageStore"/> in
    /// <paramref name="storeDirectory"/> (resumed or reused when it is already there), which training reads on demand.
    /// </summary>
    /// <param name="path">The data set directory.</param>
    /// <param name="format">The format; null detects it with <see cref="DatasetFormats.Detect"/>.</param>
    /// <param name="split">Which split to read.</param>
    /// <param name="storeDirectory">Where an image folder's store goes (unused for CIFAR-10 and STL-10).</param>
    /// <param name="options">Store settings (longest side 2048 by default).</param>
    /// <param name="maxImages">For CIFAR-10 and STL-10, read at most this many images; null reads all.</param>
    /// <param name="progress">Receives the store's build progress; may be null.</param>
    /// <param name="warn">Receives a message per skipped image; may be null.</param>
    public static ISourceImages OpenForTraining(string path, DatasetFormat? format, DataSplit split, string storeDirectory,
        ImageStoreOptions? options = null, int? maxImages = null, IProgress<ImageStoreProgress>? progress = null, Action<string>? warn = null)
    {
        switch (format ?? DatasetFormats.Detect(path))
        {
            case DatasetFormat.Cifar10:
                return Cifar10Reader.Read(path, split, maxImages);
            case DatasetFormat.Stl10:
                return Stl10Reader.Read(path, split, maxImages);
            case DatasetFormat.Folder when split == DataSplit.Unlabeled:
                return ImageStore.Build(storeDirectory, ImageFolderReader.ListUnlabelled(path), null, null, options, progress, warn);
            case DatasetFormat.Folder:
                var (files, labels, classNames) = ImageFolderReader.ListLabelled(path, split, warn);
                return ImageStore.Build(storeDirectory, files, labels, classNames, options, progress, warn);
            case var other:
                throw new ArgumentOutOfRangeException(nameof(format), other, "Unknown data set format.");
        }
    }
}
