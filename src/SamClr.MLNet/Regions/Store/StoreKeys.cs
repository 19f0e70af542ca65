using System.Globalization;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The keys a <see cref="RegionStore"/> files its entries under: an image file's path relative to the data set
/// root with '/' separators (<c>"train/cat/001.png"</c>), or for a record inside a binary data set file (CIFAR-10,
/// STL-10) that file's relative path, '#', and the zero-based record index (<c>"data_batch_1.bin#417"</c>).
/// Relative keys let a store follow its data set when the data set moves, and make the same image get the same
/// key (and so the same shard) on every machine.
/// </summary>
public static class StoreKeys
{
    /// <summary>The key of the image file <paramref name="path"/> inside the data set folder <paramref name="root"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is not inside <paramref name="root"/>.</exception>
    public static string ForFile(string root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(path);
        string relative = Path.GetRelativePath(Path.GetFullPath(root), Path.GetFullPath(path));
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new ArgumentException($"Image '{path}' is not inside the data set folder '{root}'; pass the folder that contains it as the root.", nameof(path));
        return relative.Replace('\\', '/');
    }

    /// <summary>The key of record <paramref name="index"/> in the binary data set file <paramref name="file"/> under <paramref name="root"/>: <c>"relative/file#index"</c>.</summary>
    public static string ForRecord(string root, string file, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return ForFile(root, file) + "#" + index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The key for an entry of <see cref="Data.ImageSet.Sources"/>: a file path, or <c>"path#index"</c> as the binary
    /// readers write it (a '#' followed only by digits at the end marks a record index).
    /// </summary>
    public static string FromSource(string root, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        int hash = source.LastIndexOf('#');
        if (hash > 0 && hash < source.Length - 1
            && int.TryParse(source.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return ForRecord(root, source[..hash], index);
        return ForFile(root, source);
    }
}
