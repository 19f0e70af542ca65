namespace SamClr.MLNet.Data;

/// <summary>Checks shared by the fixed-record binary data set readers (CIFAR-10, STL-10).</summary>
internal static class BinaryDataFiles
{
    /// <summary>
    /// The directory that holds a data set's files: <paramref name="directory"/> itself when it contains
    /// one of <paramref name="markers"/>, otherwise its <paramref name="subFolder"/> when that does; else <paramref name="directory"/>.
    /// </summary>
    public static string Resolve(string directory, string subFolder, IEnumerable<string> markers)
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Data set directory '{directory}' does not exist.");
        var markerList = markers.ToList();
        if (markerList.Any(m => File.Exists(Path.Combine(directory, m)))) return directory;
        var nested = Path.Combine(directory, subFolder);
        return markerList.Any(m => File.Exists(Path.Combine(nested, m))) ? nested : directory;
    }

    /// <summary>Throws a <see cref="FileNotFoundException"/> listing every file of <paramref name="expected"/> that is missing.</summary>
    public static void RequireFiles(string directory, IReadOnlyList<string> expected, string what, string hint)
    {
        var missing = expected.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
        if (missing.Count == 0) return;
        throw new FileNotFoundException(
            $"{what} is incomplete in '{directory}': missing {string.Join(", ", missing)}. Expected {string.Join(", ", expected)} " +
            $"in that directory. {hint}", Path.Combine(directory, missing[0]));
    }

    /// <summary>The number of fixed-size records in <paramref name="path"/>; a length that is not a whole number of records is an error.</summary>
    public static long CountRecords(string path, int recordSize, string recordName)
    {
        long length = new FileInfo(path).Length;
        if (length % recordSize != 0)
            throw new InvalidDataException(
                $"'{path}' is {length} bytes, which is not a whole number of {recordSize}-byte {recordName} records " +
                $"({length / recordSize} records and {length % recordSize} bytes left over). The file is truncated or not in this format; download or extract it again.");
        return length / recordSize;
    }

    /// <summary>How many images to read: all <paramref name="available"/>, or at most <paramref name="maxImages"/>; checks the pixel buffer fits one array.</summary>
    public static int ImagesToRead(long available, int? maxImages, int bytesPerImage, string source)
    {
        if (maxImages is < 0)
            throw new ArgumentOutOfRangeException(nameof(maxImages), $"maxImages must not be negative, got {maxImages}.");
        long count = maxImages.HasValue ? Math.Min(available, maxImages.Value) : available;
        if (count * bytesPerImage > Array.MaxLength)
            throw new InvalidOperationException(
                $"{count} images of {bytesPerImage} bytes from '{source}' do not fit in one image set (at most {Array.MaxLength / bytesPerImage} images). Pass a smaller maxImages.");
        return (int)count;
    }

    /// <summary>Class names, one per non-empty line of <paramref name="path"/> (trimmed); <paramref name="fallback"/> when the file does not exist.</summary>
    public static IReadOnlyList<string> ReadClassNames(string path, IReadOnlyList<string> fallback)
    {
        if (!File.Exists(path)) return fallback;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (names.Length == 0)
            throw new InvalidDataException($"Class-name file '{path}' has no class names; it should list one name per line.");
        return names;
    }

    /// <summary>Writes class names one per line.</summary>
    public static void WriteClassNames(string path, IReadOnlyList<string> classNames)
    {
        if (classNames.Count == 0) throw new ArgumentException("At least one class name is needed.", nameof(classNames));
        foreach (var name in classNames)
            if (string.IsNullOrWhiteSpace(name) || name.Contains('\n') || name.Contains('\r') || name.Trim() != name)
                throw new ArgumentException($"Class name '{name}' cannot be stored one per line: it is empty, has line breaks or surrounding spaces.", nameof(classNames));
        File.WriteAllText(path, string.Join("\n", classNames) + "\n");
    }

    /// <summary>Checks that <paramref name="images"/> is a labelled set on a <paramref name="side"/>-pixel square canvas with full-size images.</summary>
    public static void CheckWritable(ImageSet images, int side, int maxClasses, string format, string parameter)
    {
        if (images.Height != side || images.Width != side)
            throw new ArgumentException($"{format} images are {side}x{side}; this set's canvas is {images.Width}x{images.Height}. Resize it with ImageResizer.ResizeOntoCanvas first.", parameter);
        if (images.ClassNames != null && images.ClassNames.Count > maxClasses)
            throw new ArgumentException($"{format} stores at most {maxClasses} classes; this set has {images.ClassNames.Count}.", parameter);
    }
}
