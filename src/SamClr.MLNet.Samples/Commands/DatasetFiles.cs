namespace SamClr.MLNet.Samples.Commands;

/// <summary>Reads the data sets given on the command line, saying what was read and what was skipped.</summary>
internal static class DatasetFiles
{
    /// <summary>Loads a data set and reports what was read and what was skipped.</summary>
    public static ImageSet Load(string path, DatasetFormat? format, DataSplit split, int canvasSize, int? maxImages, string? cacheDirectory)
    {
        var resolved = format ?? DatasetFormats.Detect(path);
        Console.WriteLine($"Reading {path} ({resolved}, {split}) onto a {canvasSize} px canvas...");
        var images = DatasetLoader.Load(path, resolved, split, canvasSize, maxImages, cacheDirectory, warning => Console.Error.WriteLine($"warning: {warning}"));
        Console.WriteLine($"  {images.Count} images{(images.ClassNames == null ? "" : $", {images.ClassNames.Count} classes")}{(images.Skipped > 0 ? $", {images.Skipped} unreadable images skipped" : "")}.");
        return images;
    }

    /// <summary>
    /// Opens a data set for pre-training at full resolution: CIFAR-10 and STL-10 as stored, an image folder decoded once
    /// into an image store under <paramref name="cacheDirectory"/> (default ./samclr-cache) with a progress line; a store
    /// already there is reused, an unfinished one resumed. An <see cref="ImageStore"/> result is disposable: close it after training.
    /// </summary>
    public static ISourceImages LoadTraining(string path, DatasetFormat? format, DataSplit split, int? maxImages, string? cacheDirectory)
    {
        var resolved = format ?? DatasetFormats.Detect(path);
        string store = StoreFolder(path, split, cacheDirectory);
        if (resolved == DatasetFormat.Folder)
            Console.WriteLine($"Decoding {path} ({split}) once into the image store {store} (own size, longest side at most {new ImageStoreOptions().MaxSide} px; reused and resumable)...");
        else
            Console.WriteLine($"Reading {path} ({resolved}, {split}) at its native size...");
        var images = DatasetLoader.OpenForTraining(path, resolved, split, store, null, maxImages, new ImageStoreProgressBar(),
            warning => Console.Error.WriteLine($"warning: {warning}"));
        Console.WriteLine($"  {images.Count} images{(images.ClassNames == null ? "" : $", {images.ClassNames.Count} classes")}{(images.Skipped > 0 ? $", {images.Skipped} unreadable images skipped" : "")}.");
        return images;
    }

    /// <summary>The image store folder of one split of a data set: under the cache folder, named after the data set and a hash of its full path.</summary>
    internal static string StoreFolder(string path, DataSplit split, string? cacheDirectory)
    {
        string full = Path.GetFullPath(path);
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(full)))[..8].ToLowerInvariant();
        return Path.Combine(cacheDirectory ?? "samclr-cache", $"images-{Path.GetFileName(full.TrimEnd('/'))}-{split.ToString().ToLowerInvariant()}-{hash}");
    }
}
