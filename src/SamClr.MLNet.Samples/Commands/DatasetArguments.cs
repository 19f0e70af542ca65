using SamClr.MLNet.Data;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>A data set given on the command line as a path plus an optional --format (detected when omitted).</summary>
internal static class DatasetArguments
{
    public static DatasetFormat? Format(CommandLineArguments args, string option) => args.String(option)?.ToLowerInvariant() switch
    {
        null => null,
        "cifar10" => DatasetFormat.Cifar10,
        "stl10" => DatasetFormat.Stl10,
        "folder" => DatasetFormat.Folder,
        var other => throw new UsageException($"--{option} must be cifar10, stl10 or folder (got '{other}')."),
    };

    public static DataSplit? Split(CommandLineArguments args, string option) => args.String(option)?.ToLowerInvariant() switch
    {
        null => null,
        "train" => DataSplit.Train,
        "test" => DataSplit.Test,
        "unlabeled" or "unlabelled" => DataSplit.Unlabeled,
        var other => throw new UsageException($"--{option} must be train, test or unlabeled (got '{other}')."),
    };

    /// <summary>Loads a data set and reports what was read and what was skipped.</summary>
    public static ImageSet Load(string path, DatasetFormat? format, DataSplit split, int canvasSize, int? maxImages, string? cacheDirectory)
    {
        var resolved = format ?? DatasetFormats.Detect(path);
        Console.WriteLine($"Reading {path} ({resolved}, {split}) onto a {canvasSize} px canvas...");
        var images = DatasetLoader.Load(path, resolved, split, canvasSize, maxImages, cacheDirectory, warning => Console.Error.WriteLine($"warning: {warning}"));
        Console.WriteLine($"  {images.Count} images{(images.ClassNames == null ? "" : $", {images.ClassNames.Count} classes")}{(images.Skipped > 0 ? $", {images.Skipped} unreadable images skipped" : "")}.");
        return images;
    }
}
