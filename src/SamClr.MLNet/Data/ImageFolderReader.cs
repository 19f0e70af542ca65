using System.IO.Enumeration;

namespace SamClr.MLNet.Data;

/// <summary>
/// Reads images stored as files: labelled folders with one sub-folder per class (the ImageNet / ImageNette layout,
/// optionally under train/ and val/), and unlabelled trees read recursively (Cityscapes leftImg8bit/train/**,
/// ADE20K images/training/**, any folder of photos). Images are decoded in parallel by <see cref="ImageDecoder"/> onto a
/// square canvas. Unreadable images are skipped, reported through the warning callback by name and counted in
/// <see cref="ImageSet.Skipped"/>. With a cache directory, the decoded set is kept by <see cref="DecodedImageCache"/>.
/// Files and class folders are taken in ordinal order of their paths, so the result is the same on every machine.
/// </summary>
public static class ImageFolderReader
{
    /// <summary>The file extensions read as images (compared case-insensitively).</summary>
    public static IReadOnlyList<string> Extensions { get; } = new[] { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif" };

    /// <summary>The folder names used for <see cref="DataSplit.Train"/>: "train".</summary>
    public static IReadOnlyList<string> TrainFolders { get; } = new[] { "train" };

    /// <summary>The folder names tried, in order, for <see cref="DataSplit.Test"/>: "val" (ImageNette, ImageNet) then "test".</summary>
    public static IReadOnlyList<string> TestFolders { get; } = new[] { "val", "test" };

    /// <summary>
    /// Reads a labelled image folder: each sub-folder is a class (names sorted ordinally; sub-folders whose name starts
    /// with '.' are ignored), and every image below it, at any depth, belongs to that class.
    /// </summary>
    /// <param name="root">The folder of class folders, or a folder holding train/ and val/ (or test/) folders of class folders.</param>
    /// <param name="canvasSize">Side of the square canvas the images are resized onto.</param>
    /// <param name="split">Which split folder to read when <paramref name="root"/> has split folders (required then);
    /// when it has none, null or <see cref="DataSplit.Train"/> reads <paramref name="root"/> itself. Default null.</param>
    /// <param name="cacheDirectory">Where to keep the decoded images between runs; null (the default) decodes every time.</param>
    /// <param name="warn">Receives a message per skipped image and per rebuilt cache file; null (the default) ignores them.</param>
    /// <param name="maxDegreeOfParallelism">How many images are decoded at once; null (the default) means <see cref="Environment.ProcessorCount"/>.</param>
    public static ImageSet ReadLabelled(string root, int canvasSize, DataSplit? split = null, string? cacheDirectory = null,
        Action<string>? warn = null, int? maxDegreeOfParallelism = null)
    {
        var (files, labels, classNames) = ListLabelled(root, split, warn);
        return ReadFiles(files, canvasSize, labels, classNames, cacheDirectory, warn, maxDegreeOfParallelism);
    }

    /// <summary>Reads every image below <paramref name="root"/>, at any depth, as an unlabelled set.</summary>
    /// <param name="root">The folder to search.</param>
    /// <param name="canvasSize">Side of the square canvas the images are resized onto.</param>
    /// <param name="cacheDirectory">Where to keep the decoded images between runs; null (the default) decodes every time.</param>
    /// <param name="warn">Receives a message per skipped image and per rebuilt cache file; null (the default) ignores them.</param>
    /// <param name="maxDegreeOfParallelism">How many images are decoded at once; null (the default) means <see cref="Environment.ProcessorCount"/>.</param>
    public static ImageSet ReadUnlabelled(string root, int canvasSize, string? cacheDirectory = null,
        Action<string>? warn = null, int? maxDegreeOfParallelism = null)
    {
        return ReadFiles(ListUnlabelled(root), canvasSize, null, null, cacheDirectory, warn, maxDegreeOfParallelism);
    }

    /// <summary>The image files of a labelled folder (see <see cref="ReadLabelled"/>), class by class, with their labels and the class names.</summary>
    /// <param name="root">The folder of class folders, or a folder holding split folders.</param>
    /// <param name="split">Which split folder to list (see <see cref="ReadLabelled"/>).</param>
    /// <param name="warn">Receives a message about class folders that are links and were not followed; may be null.</param>
    /// <exception cref="InvalidDataException">The folder has no class folders or no images.</exception>
    public static (IReadOnlyList<string> Files, int[] Labels, IReadOnlyList<string> ClassNames) ListLabelled(string root, DataSplit? split = null, Action<string>? warn = null)
    {
        var folder = SplitFolder(root, split);
        var linked = Directory.GetDirectories(folder).Where(IsLink).ToArray();
        if (linked.Length > 0)
            warn?.Invoke($"'{folder}': {linked.Length} class folder(s) are symbolic links and were not followed ({string.Join(", ", linked.Select(Path.GetFileName))}); " +
                "links inside a data set can loop or repeat images across splits. Link the data set's root instead, or copy the folders.");
        var classFolders = Directory.GetDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.') && !IsLink(d))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToArray();
        if (classFolders.Length == 0)
            throw new InvalidDataException(
                $"'{folder}' has no class sub-folders. A labelled image folder holds one sub-folder per class, each with images ({ExtensionList}).");
        var classNames = classFolders.Select(Path.GetFileName).ToArray();
        var files = new List<string>();
        var labels = new List<int>();
        for (int c = 0; c < classFolders.Length; c++)
        {
            var found = FindImages(classFolders[c]);
            files.AddRange(found);
            labels.AddRange(Enumerable.Repeat(c, found.Count));
        }
        if (files.Count == 0)
            throw new InvalidDataException($"The class folders of '{folder}' contain no images; accepted extensions are {ExtensionList}.");
        return (files, labels.ToArray(), classNames!);
    }

    /// <summary>Every image file below <paramref name="root"/>, at any depth (see <see cref="ReadUnlabelled"/>).</summary>
    /// <exception cref="InvalidDataException">The folder holds no images.</exception>
    public static IReadOnlyList<string> ListUnlabelled(string root)
    {
        RequireDirectory(root);
        var files = FindImages(root);
        if (files.Count == 0)
            throw new InvalidDataException($"'{root}' contains no images (searched all sub-folders for {ExtensionList}).");
        return files;
    }

    /// <summary>Decodes the given image files, in order, skipping unreadable ones.</summary>
    /// <param name="files">The image files.</param>
    /// <param name="canvasSize">Side of the square canvas the images are resized onto.</param>
    /// <param name="labels">Class index per file, or null for an unlabelled set.</param>
    /// <param name="classNames">Class names; required with <paramref name="labels"/>.</param>
    /// <param name="cacheDirectory">Where to keep the decoded images between runs; null (the default) decodes every time.</param>
    /// <param name="warn">Receives a message per skipped image (in file order) and per rebuilt cache file; null (the default) ignores them.</param>
    /// <param name="maxDegreeOfParallelism">How many images are decoded at once; null (the default) means <see cref="Environment.ProcessorCount"/>.</param>
    /// <exception cref="InvalidDataException">None of the files could be decoded.</exception>
    public static ImageSet ReadFiles(IReadOnlyList<string> files, int canvasSize, int[]? labels = null, IReadOnlyList<string>? classNames = null,
        string? cacheDirectory = null, Action<string>? warn = null, int? maxDegreeOfParallelism = null)
    {
        if (files.Count == 0)
            throw new ArgumentException("No image files were given.", nameof(files));
        if (labels != null && labels.Length != files.Count)
            throw new ArgumentException($"{labels.Length} labels for {files.Count} files.", nameof(labels));
        if (canvasSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(canvasSize), $"Canvas size must be positive, got {canvasSize}.");
        if (cacheDirectory == null)
            return DecodeAll(files, canvasSize, labels, classNames, warn, maxDegreeOfParallelism);
        var cache = new DecodedImageCache(cacheDirectory, warn);
        bool decoded = false;
        var images = cache.GetOrAdd(files, canvasSize, labels, classNames, () =>
        {
            decoded = true;
            return DecodeAll(files, canvasSize, labels, classNames, warn, maxDegreeOfParallelism);
        });
        if (!decoded && images.Skipped > 0)
            warn?.Invoke($"{images.Skipped} unreadable image(s) were skipped when the decoded-image cache in '{cache.Directory}' was built; delete its files to see them listed again.");
        return images;
    }

    /// <summary>
    /// The image files below <paramref name="directory"/> at any depth, in ordinal order of their paths. Sub-folders that
    /// are symbolic links are not entered (a link can loop, or bring the same images in twice, e.g. across train and
    /// val); linked image files are read. <paramref name="directory"/> itself may be a link.
    /// </summary>
    /// <param name="directory">The folder to search.</param>
    public static IReadOnlyList<string> FindImages(string directory)
    {
        RequireDirectory(directory);
        var accepted = new HashSet<string>(Extensions, StringComparer.OrdinalIgnoreCase);
        var files = new FileSystemEnumerable<string>(directory, (ref FileSystemEntry entry) => entry.ToSpecifiedFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && accepted.Contains(Path.GetExtension(entry.FileName).ToString()),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        return files.OrderBy(f => f, StringComparer.Ordinal).ToArray();
    }

    private static bool IsLink(string directory) => new DirectoryInfo(directory).LinkTarget is not null;

    /// <summary>The split folder of a labelled root: train/, val/ or test/ when present, else the root itself.</summary>
    private static string SplitFolder(string root, DataSplit? split)
    {
        RequireDirectory(root);
        string? Existing(IEnumerable<string> names) =>
            names.Select(n => Path.Combine(root, n)).FirstOrDefault(Directory.Exists);
        var train = Existing(TrainFolders);
        var test = Existing(TestFolders);
        if (split == DataSplit.Unlabeled)
            throw new ArgumentException("A labelled image folder has no unlabeled split; use ReadUnlabelled for unlabelled images.", nameof(split));
        if (train == null && test == null)
        {
            if (split == DataSplit.Test)
                throw new DirectoryNotFoundException($"'{root}' has no {string.Join(" or ", TestFolders.Select(f => f + "/"))} folder for the test split.");
            return root;
        }
        return split switch
        {
            null => throw new ArgumentException($"'{root}' holds split folders (train/, val/ or test/); say which split to read.", nameof(split)),
            DataSplit.Train => train ?? throw new DirectoryNotFoundException($"'{root}' has no train/ folder for the training split."),
            _ => test ?? throw new DirectoryNotFoundException($"'{root}' has no {string.Join(" or ", TestFolders.Select(f => f + "/"))} folder for the test split."),
        };
    }

    private static ImageSet DecodeAll(IReadOnlyList<string> files, int canvasSize, int[]? labels, IReadOnlyList<string>? classNames,
        Action<string>? warn, int? maxDegreeOfParallelism)
    {
        int plane = 3 * canvasSize * canvasSize;
        if ((long)files.Count * plane > Array.MaxLength)
            throw new InvalidOperationException(
                $"{files.Count} images on a {canvasSize}x{canvasSize} canvas do not fit in one image set (at most {Array.MaxLength / plane}). Use a smaller canvas or fewer files.");
        var pixels = new byte[files.Count * plane];
        var sizes = new ImageSize[files.Count];
        var errors = new string?[files.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, files.Count, options, i =>
        {
            try
            {
                sizes[i] = ImageDecoder.DecodeInto(files[i], canvasSize, pixels.AsSpan(i * plane, plane));
            }
            catch (InvalidDataException ex)
            {
                errors[i] = ex.Message;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors[i] = $"Cannot read image '{files[i]}': {ex.Message}";
            }
        });

        int kept = 0;
        var keptSizes = new List<ImageSize>(files.Count);
        var keptLabels = labels == null ? null : new List<int>(files.Count);
        var keptFiles = new List<string>(files.Count);
        for (int i = 0; i < files.Count; i++)
        {
            if (errors[i] != null)
            {
                warn?.Invoke($"Skipped: {errors[i]}");
                continue;
            }
            if (kept != i) Array.Copy(pixels, (long)i * plane, pixels, (long)kept * plane, plane);
            keptSizes.Add(sizes[i]);
            keptLabels?.Add(labels![i]);
            keptFiles.Add(files[i]);
            kept++;
        }
        if (kept == 0)
            throw new InvalidDataException($"None of the {files.Count} image files could be decoded; the first error was: {errors.First(e => e != null)}");
        if (kept < files.Count) Array.Resize(ref pixels, kept * plane);
        return new ImageSet(canvasSize, canvasSize, pixels, keptSizes, keptLabels?.ToArray(), classNames, keptFiles, files.Count - kept);
    }

    private static void RequireDirectory(string directory)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Image folder '{directory}' does not exist.");
    }

    private static string ExtensionList => string.Join(", ", Extensions);
}
