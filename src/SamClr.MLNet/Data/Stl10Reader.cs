namespace SamClr.MLNet.Data;

/// <summary>
/// Reads the binary version of STL-10 (stl10_binary.tar.gz): train_X.bin / train_y.bin, test_X.bin / test_y.bin
/// and unlabeled_X.bin. Each image is 96x96x3 bytes stored as three planes (red, green, blue), each plane column
/// by column; the reader transposes them to the row-major planes of <see cref="ImageSet"/>. Labels are one byte
/// per image, 1..10, and become class indices 0..9. Class names come from class_names.txt (one per line) when it
/// exists, else the ten standard STL-10 names.
/// </summary>
public static class Stl10Reader
{
    /// <summary>Side of an STL-10 image in pixels (96).</summary>
    public const int Side = 96;

    /// <summary>Bytes per image: 3 x 96 x 96 = 27648.</summary>
    public const int ImageBytes = 3 * Side * Side;

    /// <summary>The folder name the official archive extracts to ("stl10_binary").</summary>
    public const string SubFolder = "stl10_binary";

    /// <summary>The class-name file ("class_names.txt").</summary>
    public const string ClassNamesFile = "class_names.txt";

    /// <summary>The standard STL-10 class names, used when class_names.txt is absent.</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } = new[]
    {
        "airplane", "bird", "car", "cat", "deer", "dog", "horse", "monkey", "ship", "truck",
    };

    /// <summary>The image file of a split: train_X.bin, test_X.bin or unlabeled_X.bin.</summary>
    /// <param name="split">The split.</param>
    public static string ImageFile(DataSplit split) => SplitPrefix(split) + "_X.bin";

    /// <summary>The label file of a labelled split: train_y.bin or test_y.bin; null for <see cref="DataSplit.Unlabeled"/>.</summary>
    /// <param name="split">The split.</param>
    public static string? LabelFile(DataSplit split) => split == DataSplit.Unlabeled ? null : SplitPrefix(split) + "_y.bin";

    /// <summary>The directory that holds the STL-10 files: <paramref name="directory"/> or its stl10_binary sub-folder.</summary>
    /// <param name="directory">The data set directory.</param>
    public static string ResolveDirectory(string directory) =>
        BinaryDataFiles.Resolve(directory, SubFolder, Enum.GetValues<DataSplit>().Select(ImageFile));

    /// <summary>Reads one split as a 96x96 <see cref="ImageSet"/> (labelled for train and test); sources are "file#index".</summary>
    /// <param name="directory">The directory holding the .bin files, or its parent holding stl10_binary.</param>
    /// <param name="split">Train, Test or Unlabeled.</param>
    /// <param name="maxImages">Read at most this many images, in file order; null (the default) reads them all.
    /// The full unlabeled split (100,000 images, 2.7 GB) does not fit one image set: pass at most 77,672 there.</param>
    /// <exception cref="FileNotFoundException">A file of the split is missing.</exception>
    /// <exception cref="InvalidDataException">A file has the wrong length, or a label is outside 1..number of classes.</exception>
    public static ImageSet Read(string directory, DataSplit split, int? maxImages = null)
    {
        var root = ResolveDirectory(directory);
        var imageFile = ImageFile(split);
        var labelFile = LabelFile(split);
        var expected = labelFile == null ? new[] { imageFile } : new[] { imageFile, labelFile };
        BinaryDataFiles.RequireFiles(root, expected, $"STL-10 {split} data", $"Extract stl10_binary.tar.gz so that they sit in '{directory}' or its {SubFolder} sub-folder.");
        var imagePath = Path.Combine(root, imageFile);
        long available = BinaryDataFiles.CountRecords(imagePath, ImageBytes, "STL-10 image");
        int count = BinaryDataFiles.ImagesToRead(available, maxImages, ImageBytes, imagePath);

        int[]? labels = null;
        IReadOnlyList<string>? classNames = null;
        if (labelFile != null)
        {
            classNames = BinaryDataFiles.ReadClassNames(Path.Combine(root, ClassNamesFile), DefaultClassNames);
            labels = ReadLabels(Path.Combine(root, labelFile), imagePath, available, count, classNames.Count);
        }

        var pixels = new byte[(long)count * ImageBytes];
        var record = new byte[ImageBytes];
        var sources = new string[count];
        const int plane = Side * Side;
        using (var stream = new FileStream(imagePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            for (int i = 0; i < count; i++)
            {
                stream.ReadExactly(record);
                long offset = (long)i * ImageBytes;
                for (int c = 0; c < 3; c++)
                    for (int column = 0; column < Side; column++)
                        for (int row = 0; row < Side; row++)
                            pixels[offset + c * plane + row * Side + column] = record[c * plane + column * Side + row];
                sources[i] = $"{imagePath}#{i}";
            }
        }
        return new ImageSet(Side, Side, pixels, labels: labels, classNames: classNames, sources: sources);
    }

    private static int[] ReadLabels(string labelPath, string imagePath, long imageCount, int count, int classCount)
    {
        long length = new FileInfo(labelPath).Length;
        if (length != imageCount)
            throw new InvalidDataException(
                $"'{labelPath}' has {length} labels (one byte each) but '{imagePath}' has {imageCount} images. One of the files is truncated; extract them again.");
        var bytes = new byte[count];
        using (var stream = File.OpenRead(labelPath)) stream.ReadExactly(bytes);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (bytes[i] < 1 || bytes[i] > classCount)
                throw new InvalidDataException(
                    $"'{labelPath}' label {i} is {bytes[i]}, but STL-10 labels run from 1 to {classCount} (the number of classes). " +
                    $"The file is corrupt, or {ClassNamesFile} lists too few class names.");
            labels[i] = bytes[i] - 1;
        }
        return labels;
    }

    private static string SplitPrefix(DataSplit split) => split switch
    {
        DataSplit.Train => "train",
        DataSplit.Test => "test",
        DataSplit.Unlabeled => "unlabeled",
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "Unknown split."),
    };
}
