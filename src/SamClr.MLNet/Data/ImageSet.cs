using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Data;

/// <summary>
/// Decoded images held in memory once, so that training epochs never decode again.
/// Every image lives on a canvas of <see cref="Height"/> x <see cref="Width"/> pixels, RGB, planar
/// (channel, row, column), one byte per value. An image whose aspect ratio differs from the canvas
/// is resized so that its longest side fits and is padded with zeros on the right and bottom
/// (the convention SAM uses); its real extent is in <see cref="Sizes"/>.
/// </summary>
public sealed class ImageSet : ISourceImages
{
    private readonly byte[] _pixels;

    /// <summary>Creates an image set from planar RGB bytes.</summary>
    /// <param name="height">Canvas height in pixels.</param>
    /// <param name="width">Canvas width in pixels.</param>
    /// <param name="pixels">Count x 3 x height x width bytes.</param>
    /// <param name="sizes">Valid extent of each image; null means every image fills the canvas.</param>
    /// <param name="labels">Class index of each image, or null for an unlabelled set.</param>
    /// <param name="classNames">Name of each class index; required when <paramref name="labels"/> is given.</param>
    /// <param name="sources">Where each image came from (file path or "file#index"), or null.</param>
    /// <param name="skipped">How many source images were unreadable and left out.</param>
    public ImageSet(int height, int width, byte[] pixels, IReadOnlyList<ImageSize>? sizes = null,
        int[]? labels = null, IReadOnlyList<string>? classNames = null, IReadOnlyList<string>? sources = null,
        int skipped = 0)
    {
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"Canvas must be positive, got {width}x{height}.");
        long plane = 3L * height * width;
        if (pixels.LongLength % plane != 0)
            throw new ArgumentException($"Pixel buffer of {pixels.LongLength} bytes is not a whole number of 3x{height}x{width} images.", nameof(pixels));
        Height = height;
        Width = width;
        _pixels = pixels;
        Count = (int)(pixels.LongLength / plane);
        Sizes = sizes ?? Enumerable.Repeat(new ImageSize(width, height), Count).ToArray();
        if (Sizes.Count != Count) throw new ArgumentException($"{Sizes.Count} sizes for {Count} images.", nameof(sizes));
        if (labels != null)
        {
            if (labels.Length != Count) throw new ArgumentException($"{labels.Length} labels for {Count} images.", nameof(labels));
            if (classNames == null) throw new ArgumentException("A labelled image set needs class names.", nameof(classNames));
            foreach (var label in labels)
                if (label < 0 || label >= classNames.Count)
                    throw new ArgumentException($"Label {label} is outside the {classNames.Count} classes.", nameof(labels));
        }
        if (sources != null && sources.Count != Count)
            throw new ArgumentException($"{sources.Count} sources for {Count} images.", nameof(sources));
        Labels = labels;
        ClassNames = classNames;
        Sources = sources;
        Skipped = skipped;
    }

    /// <summary>A set of one image given as interleaved RGB bytes (height x width x 3), on a canvas of its own size.</summary>
    /// <param name="rgb">The pixels, row by row, 3 bytes per pixel.</param>
    /// <param name="size">The image's size.</param>
    public static ImageSet FromInterleaved(ReadOnlySpan<byte> rgb, ImageSize size)
    {
        int plane = size.Width * size.Height;
        if (rgb.Length != 3 * plane)
            throw new ArgumentException($"Expected {3 * plane} bytes for a {size.Width}x{size.Height} RGB image, got {rgb.Length}.", nameof(rgb));
        var planar = new byte[3 * plane];
        for (int p = 0; p < plane; p++)
        {
            planar[p] = rgb[3 * p];
            planar[plane + p] = rgb[3 * p + 1];
            planar[2 * plane + p] = rgb[3 * p + 2];
        }
        return new ImageSet(size.Height, size.Width, planar);
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Valid extent of each image on the canvas.</summary>
    public IReadOnlyList<ImageSize> Sizes { get; }

    /// <summary>Class index per image, or null when unlabelled.</summary>
    public int[]? Labels { get; }

    /// <summary>Class names, indexed by label.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Where each image came from, or null.</summary>
    public IReadOnlyList<string>? Sources { get; }

    /// <summary>How many source images were unreadable and left out when the set was built.</summary>
    public int Skipped { get; }

    /// <summary>The planar RGB bytes of all images.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The planar RGB bytes (3 x Height x Width) of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        int plane = 3 * Height * Width;
        return new ReadOnlySpan<byte>(_pixels, checked(index * plane), plane);
    }

    /// <inheritdoc />
    /// <remarks>Only the image's valid extent is read, so the canvas padding never reaches a view.</remarks>
    public void ReadRows(int index, int firstRow, int endRow, Span<byte> destination)
    {
        SourceImages.CheckRows(this, index, firstRow, endRow, destination.Length);
        int width = Sizes[index].Width, plane = Height * Width;
        var image = Image(index);
        for (int y = firstRow; y < endRow; y++)
            PixelLayout.InterleaveRow(image.Slice(y * Width, width), image.Slice(plane + y * Width, width), image.Slice(2 * plane + y * Width, width),
                destination.Slice((y - firstRow) * 3 * width, 3 * width));
    }

    /// <summary>
    /// The images at <paramref name="indices"/> as a float tensor [B, 3, Height, Width] with values in [0, 1].
    /// </summary>
    public Tensor ToTensor(ReadOnlySpan<int> indices, Device? device = null)
    {
        int plane = 3 * Height * Width;
        var batch = new byte[(long)indices.Length * plane];
        for (int i = 0; i < indices.Length; i++)
            Image(indices[i]).CopyTo(batch.AsSpan(i * plane, plane));
        using var scope = NewDisposeScope();
        var bytes = tensor(batch, new long[] { indices.Length, 3, Height, Width }, ScalarType.Byte);
        var result = bytes.to(ScalarType.Float32).div_(Scalars.Of(255.0));
        if (device != null && device.type != DeviceType.CPU) result = result.to(device);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The whole-image box (x0, y0, x1, y1) of image <paramref name="index"/> in canvas pixels.</summary>
    public (float X0, float Y0, float X1, float Y1) FullBox(int index) => (0, 0, Sizes[index].Width, Sizes[index].Height);

    /// <summary>A new set holding the images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        int plane = 3 * Height * Width;
        var pixels = new byte[(long)indices.Count * plane];
        for (int i = 0; i < indices.Count; i++)
            Image(indices[i]).CopyTo(pixels.AsSpan(i * plane, plane));
        return new ImageSet(Height, Width, pixels,
            indices.Select(i => Sizes[i]).ToArray(),
            Labels == null ? null : indices.Select(i => Labels[i]).ToArray(),
            ClassNames,
            Sources == null ? null : indices.Select(i => Sources[i]).ToArray());
    }
}
