namespace SamClr.MLNet.Data;

/// <summary>
/// Reads the binary version of CIFAR-10 (cifar-10-binary.tar.gz): data_batch_1.bin .. data_batch_5.bin (training)
/// and test_batch.bin (test), each a sequence of 3073-byte records: one label byte, then the 32x32 red, green and
/// blue planes, row-major. Class names come from batches.meta.txt (one per line) when it exists, else the ten
/// standard CIFAR-10 names; either way there are at most <see cref="MaxClasses"/> (10), so a label byte of 10 or more
/// is refused as corruption even when a longer class-name file would admit it.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>Side of a CIFAR-10 image in pixels (32).</summary>
    public const int Side = 32;

    /// <summary>Bytes of pixels per image: 3 x 32 x 32 = 3072.</summary>
    public const int ImageBytes = 3 * Side * Side;

    /// <summary>Bytes per record: one label byte plus the pixels, 3073.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    /// <summary>The folder name the official archive extracts to ("cifar-10-batches-bin").</summary>
    public const string SubFolder = "cifar-10-batches-bin";

    /// <summary>The number of classes of CIFAR-10, 10: the most a class-name file may list and the bound on every label.</summary>
    public const int MaxClasses = 10;

    /// <summary>The class-name file ("batches.meta.txt").</summary>
    public const string ClassNamesFile = "batches.meta.txt";

    /// <summary>The test batch file ("test_batch.bin").</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The five training batch files, in reading order.</summary>
    public static IReadOnlyList<string> TrainFiles { get; } = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();

    /// <summary>The standard CIFAR-10 class names, used when batches.meta.txt is absent.</summary>
    public static IReadOnlyList<string> DefaultClassNames { get; } = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    /// <summary>The directory that holds the batch files: <paramref name="directory"/> or its cifar-10-batches-bin sub-folder.</summary>
    /// <param name="directory">The data set directory.</param>
    public static string ResolveDirectory(string directory) =>
        BinaryDataFiles.Resolve(directory, SubFolder, TrainFiles.Append(TestFile));

    /// <summary>Reads one split as a labelled 32x32 <see cref="ImageSet"/>; sources are "file#record".</summary>
    /// <param name="directory">The directory holding the batch files, or its parent holding cifar-10-batches-bin.</param>
    /// <param name="split"><see cref="DataSplit.Train"/> (data_batch_1..5) or <see cref="DataSplit.Test"/> (test_batch).</param>
    /// <param name="maxImages">Read at most this many images, in file order; null (the default) reads them all.</param>
    /// <exception cref="FileNotFoundException">A batch file of the split is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a whole number of records, or a label is not a known class.</exception>
    public static ImageSet Read(string directory, DataSplit split, int? maxImages = null)
    {
        var root = ResolveDirectory(directory);
        IReadOnlyList<string> files = split switch
        {
            DataSplit.Train => TrainFiles,
            DataSplit.Test => new[] { TestFile },
            _ => throw new ArgumentException("CIFAR-10 has no unlabeled split; read DataSplit.Train and ignore its labels.", nameof(split)),
        };
        BinaryDataFiles.RequireFiles(root, files, $"CIFAR-10 {split} data", $"Extract cifar-10-binary.tar.gz (the binary version) so that they sit in '{directory}' or its {SubFolder} sub-folder.");
        var classNames = BinaryDataFiles.ReadClassNames(Path.Combine(root, ClassNamesFile), DefaultClassNames);
        if (classNames.Count > MaxClasses)
            throw new InvalidDataException(
                $"'{Path.Combine(root, ClassNamesFile)}' lists {classNames.Count} class names, but CIFAR-10 has {MaxClasses} classes: the file belongs to another data set (CIFAR-100's binary layout differs).");
        var paths = files.Select(f => Path.Combine(root, f)).ToArray();
        var counts = paths.Select(p => BinaryDataFiles.CountRecords(p, RecordBytes, "CIFAR-10")).ToArray();
        int total = BinaryDataFiles.ImagesToRead(counts.Sum(), maxImages, ImageBytes, root);

        var pixels = new byte[(long)total * ImageBytes];
        var labels = new int[total];
        var sources = new string[total];
        int n = 0;
        for (int f = 0; f < paths.Length && n < total; f++)
        {
            using var stream = new FileStream(paths[f], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            for (int record = 0; record < counts[f] && n < total; record++, n++)
            {
                int label = stream.ReadByte();
                if (label >= classNames.Count)
                    throw new InvalidDataException(
                        $"'{paths[f]}' record {record} has label {label}, but there are only {classNames.Count} classes (0..{classNames.Count - 1}). " +
                        $"The file is corrupt, or {ClassNamesFile} lists too few class names.");
                stream.ReadExactly(pixels, n * ImageBytes, ImageBytes);
                labels[n] = label;
                sources[n] = $"{paths[f]}#{record}";
            }
        }
        return new ImageSet(Side, Side, pixels, labels: labels, classNames: classNames, sources: sources);
    }
}
