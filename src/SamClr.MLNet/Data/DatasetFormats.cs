namespace SamClr.MLNet.Data;

/// <summary>Recognises the <see cref="DatasetFormat"/> of a data set directory.</summary>
internal static class DatasetFormats
{
    /// <summary>
    /// Detects the format of the data set at <paramref name="path"/>: <see cref="DatasetFormat.Cifar10"/> when a CIFAR-10
    /// batch file (data_batch_N.bin or test_batch.bin) is in it or in its cifar-10-batches-bin sub-folder,
    /// <see cref="DatasetFormat.Stl10"/> when an STL-10 image file (train_X.bin, test_X.bin or unlabeled_X.bin) is in it or in its
    /// stl10_binary sub-folder, otherwise <see cref="DatasetFormat.Folder"/> when any image file is below it.
    /// </summary>
    /// <param name="path">The data set directory.</param>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="InvalidDataException">Nothing in the directory is recognisable.</exception>
    public static DatasetFormat Detect(string path)
    {
        if (File.Exists(path))
            throw new ArgumentException($"'{path}' is a file; pass the directory that holds the data set.", nameof(path));
        if (!Directory.Exists(path))
            throw new DirectoryNotFoundException($"Data set directory '{path}' does not exist.");
        if (HasAny(Cifar10Reader.ResolveDirectory(path), Cifar10Reader.TrainFiles.Append(Cifar10Reader.TestFile)))
            return DatasetFormat.Cifar10;
        if (HasAny(Stl10Reader.ResolveDirectory(path), Enum.GetValues<DataSplit>().Select(Stl10Reader.ImageFile)))
            return DatasetFormat.Stl10;
        if (ImageFolderReader.FindImages(path).Count > 0)
            return DatasetFormat.Folder;
        throw new InvalidDataException(
            $"'{path}' is not a recognisable data set: it has no CIFAR-10 batches (data_batch_1.bin .. data_batch_5.bin, test_batch.bin, " +
            $"also looked in {Cifar10Reader.SubFolder}/), no STL-10 files (train_X.bin, test_X.bin, unlabeled_X.bin, also looked in " +
            $"{Stl10Reader.SubFolder}/) and no image files ({string.Join(", ", ImageFolderReader.Extensions)}) in any sub-folder.");
    }

    private static bool HasAny(string directory, IEnumerable<string> files) =>
        files.Any(f => File.Exists(Path.Combine(directory, f)));
}
