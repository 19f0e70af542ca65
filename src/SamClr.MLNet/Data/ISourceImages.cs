namespace SamClr.MLNet.Data;

/// <summary>
/// Images at their own sizes, from which training views are cut in source pixels: an in-memory <see cref="ImageSet"/>
/// (CIFAR-10, STL-10, generated scenes) or an on-disk <see cref="ImageStore"/> (image folders such as Cityscapes or
/// ADE20K, read on demand so memory does not grow with the data set). Reads are thread-safe.
/// </summary>
public interface ISourceImages
{
    /// <summary>Number of images.</summary>
    int Count { get; }

    /// <summary>Width and height of each image in source pixels (no canvas, no padding).</summary>
    IReadOnlyList<ImageSize> Sizes { get; }

    /// <summary>Class index per image, or null when unlabelled.</summary>
    int[]? Labels { get; }

    /// <summary>Class names, indexed by label, or null when unlabelled.</summary>
    IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Where each image came from (file path, or "file#index" for a binary data set record), or null.</summary>
    IReadOnlyList<string>? Sources { get; }

    /// <summary>How many source images were unreadable and left out.</summary>
    int Skipped { get; }

    /// <summary>
    /// Copies rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of image <paramref name="index"/> into
    /// <paramref name="destination"/> as interleaved RGB (3 bytes per pixel, width x 3 bytes per row).
    /// </summary>
    /// <param name="index">Which image.</param>
    /// <param name="firstRow">First row to copy (0-based).</param>
    /// <param name="endRow">One past the last row to copy; at most the image's height.</param>
    /// <param name="destination">At least (endRow - firstRow) x width x 3 bytes.</param>
    void ReadRows(int index, int firstRow, int endRow, Span<byte> destination);
}

/// <summary>Helpers shared by every <see cref="ISourceImages"/>.</summary>
internal static class SourceImages
{
    /// <summary>Image <paramref name="index"/> as interleaved RGB bytes (height x width x 3).</summary>
    public static byte[] ReadImage(this ISourceImages images, int index)
    {
        ArgumentNullException.ThrowIfNull(images);
        var size = images.Sizes[index];
        var pixels = new byte[checked(3 * size.Width * size.Height)];
        images.ReadRows(index, 0, size.Height, pixels);
        return pixels;
    }

    /// <summary>Checks a row request against image <paramref name="index"/> of <paramref name="images"/>; names the image and the rows.</summary>
    internal static void CheckRows(ISourceImages images, int index, int firstRow, int endRow, int destinationLength)
    {
        if ((uint)index >= (uint)images.Count)
            throw new ArgumentOutOfRangeException(nameof(index), $"Image {index} does not exist; there are {images.Count} images.");
        var size = images.Sizes[index];
        if (firstRow < 0 || endRow > size.Height || firstRow >= endRow)
            throw new ArgumentOutOfRangeException(nameof(firstRow), $"Rows [{firstRow}, {endRow}) are not inside image {index} ({size.Width}x{size.Height}).");
        long needed = 3L * size.Width * (endRow - firstRow);
        if (destinationLength < needed)
            throw new ArgumentException($"Rows [{firstRow}, {endRow}) of image {index} need {needed} bytes, the destination holds {destinationLength}.", "destination");
    }
}
