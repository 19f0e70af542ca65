using SkiaSharp;

namespace SamClr.MLNet.Data;

/// <summary>
/// Decodes JPEG, PNG, BMP, WebP and GIF images (through SkiaSharp) to RGB on a square canvas.
/// Grayscale, paletted, 16-bit and alpha images all come out as 8-bit RGB: 16-bit samples are reduced
/// to 8 bits, and transparent pixels are composited on black (the colour is multiplied by its alpha),
/// so a fully transparent pixel becomes 0,0,0. Pixels are taken as stored: the EXIF orientation of JPEG and WebP
/// files is not applied, the single rule shared with ML.NET's LoadImages (which the deployed classifier pipeline
/// uses) and with torchvision's default PIL loader, so training and deployment see the same pixels
/// (<see cref="HasExifRotation"/> tells such files apart).
/// Only the first frame of an animated GIF or WebP is read. The image is then placed on the canvas by
/// <see cref="ImageResizer"/> (longest side = canvas size, zero padding on the right and bottom).
/// Every failure is an <see cref="InvalidDataException"/> that names the file and the reason.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>
    /// The most pixels an image (or an imported mask) may declare in its header, checked before anything is decoded:
    /// 178,956,970, Pillow's decompression-bomb error threshold (2 x <c>Image.MAX_IMAGE_PIXELS</c>), so a few MB of PNG
    /// declaring 23k x 23k pixels is refused instead of being decoded on every core at once.
    /// </summary>
    public const long MaxPixels = 178_956_970;

    /// <summary>The encoded formats this decoder accepts.</summary>
    public static IReadOnlyList<SKEncodedImageFormat> SupportedFormats { get; } = new[]
    {
        SKEncodedImageFormat.Jpeg, SKEncodedImageFormat.Png, SKEncodedImageFormat.Bmp,
        SKEncodedImageFormat.Webp, SKEncodedImageFormat.Gif,
    };

    /// <summary>The image's stored width and height (EXIF orientation not applied), read from the file header only (no decode).</summary>
    /// <exception cref="InvalidDataException">The file is not a readable image; the message names it.</exception>
    public static ImageSize ReadSize(string path)
    {
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Cannot read the size of image '{path}': it is not a readable image.");
        return new ImageSize(codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// True when the file's EXIF orientation asks viewers to rotate or mirror it: tools that apply it (OpenCV's imread,
    /// and so SAM's amg.py) see other pixels than this decoder. False for an unreadable file.
    /// </summary>
    public static bool HasExifRotation(string path)
    {
        using var codec = SKCodec.Create(path);
        return codec is not null && codec.EncodedOrigin != SKEncodedOrigin.TopLeft;
    }

    /// <summary>Decodes the image file at <paramref name="path"/> onto a canvas of <paramref name="canvasSize"/> pixels square.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    /// <exception cref="InvalidDataException">The file is empty, truncated, corrupt or not an image in a supported format.</exception>
    public static DecodedImage Decode(string path, int canvasSize)
    {
        var pixels = new byte[CanvasBytes(canvasSize)];
        var size = DecodeInto(path, canvasSize, pixels);
        return new DecodedImage(pixels, size);
    }

    /// <summary>Decodes an encoded image held in memory onto a canvas of <paramref name="canvasSize"/> pixels square.</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    /// <param name="name">What to call the image in error messages (a file name or URL).</param>
    /// <exception cref="InvalidDataException">The bytes are empty, truncated, corrupt or not an image in a supported format.</exception>
    public static DecodedImage Decode(byte[] data, int canvasSize, string name)
    {
        var pixels = new byte[CanvasBytes(canvasSize)];
        var size = DecodeInto(data, canvasSize, name, pixels);
        return new DecodedImage(pixels, size);
    }

    /// <summary>Decodes the image file at <paramref name="path"/> into <paramref name="destination"/> (3 x canvasSize x canvasSize bytes, planar RGB).</summary>
    /// <param name="path">The image file.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    /// <param name="destination">Receives the planar RGB canvas; fully overwritten.</param>
    /// <returns>The valid extent of the image on the canvas.</returns>
    /// <exception cref="InvalidDataException">The file is empty, truncated, corrupt or not an image in a supported format.</exception>
    public static ImageSize DecodeInto(string path, int canvasSize, Span<byte> destination) =>
        DecodeInto(File.ReadAllBytes(path), canvasSize, path, destination);

    /// <summary>Decodes encoded bytes into <paramref name="destination"/> (3 x canvasSize x canvasSize bytes, planar RGB).</summary>
    /// <param name="data">The encoded bytes.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    /// <param name="name">What to call the image in error messages.</param>
    /// <param name="destination">Receives the planar RGB canvas; fully overwritten.</param>
    /// <returns>The valid extent of the image on the canvas.</returns>
    /// <exception cref="InvalidDataException">The bytes are empty, truncated, corrupt or not an image in a supported format.</exception>
    public static ImageSize DecodeInto(byte[] data, int canvasSize, string name, Span<byte> destination)
    {
        if (destination.Length != CanvasBytes(canvasSize))
            throw new ArgumentException($"Destination must hold 3 x {canvasSize} x {canvasSize} bytes, got {destination.Length}.", nameof(destination));
        if (data.Length == 0)
            throw Invalid(name, "the file is empty (0 bytes)");
        using var skData = SKData.CreateCopy(data);
        using var codec = SKCodec.Create(skData)
            ?? throw Invalid(name, $"its {data.Length} bytes are not a recognised image (they start with {Prefix(data)}); expected one of {FormatList}");
        if (!SupportedFormats.Contains(codec.EncodedFormat))
            throw Invalid(name, $"it is a {codec.EncodedFormat} image, which is not supported; expected one of {FormatList}");
        var full = codec.Info;
        if (full.Width <= 0 || full.Height <= 0)
            throw Invalid(name, $"it declares an empty size of {full.Width}x{full.Height}");
        if ((long)full.Width * full.Height > MaxPixels)
            throw Invalid(name, $"its header declares {full.Width}x{full.Height} pixels, more than the {MaxPixels} allowed (ImageDecoder.MaxPixels); it was not decoded");
        var decodeSize = DecodeDimensions(codec, canvasSize);
        if ((long)decodeSize.Width * decodeSize.Height * 4 > Array.MaxLength)
            throw Invalid(name, $"it is too large to decode ({full.Width}x{full.Height} pixels)");
        using var bitmap = new SKBitmap(new SKImageInfo(decodeSize.Width, decodeSize.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        if (result == SKCodecResult.IncompleteInput)
            throw Invalid(name, $"the {codec.EncodedFormat} data ends early, the file ({data.Length} bytes) is truncated");
        if (result != SKCodecResult.Success)
            throw Invalid(name, $"the {codec.EncodedFormat} data is corrupt (decoder result: {result})");
        return ImageResizer.DrawOntoCanvas(bitmap, canvasSize, destination);
    }

    /// <summary>
    /// Decodes the image file at <paramref name="path"/> upright (EXIF orientation applied) at its own size, shrunk only
    /// when its longest side exceeds <paramref name="maxSide"/>: interleaved RGB bytes (height x width x 3), the stored
    /// size and the original (upright) size.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty, truncated, corrupt or not an image in a supported format.</exception>
    public static (byte[] Rgb, ImageSize Size, ImageSize OriginalSize) DecodeRgb(string path, int maxSide)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length == 0) throw Invalid(path, "the file is empty (0 bytes)");
        ImageSize original;
        try
        {
            original = ReadSize(path);
        }
        catch (InvalidDataException)
        {
            // The full decode below names what is wrong with the file.
            original = default;
        }
        int side = original.Width == 0 ? maxSide : Math.Min(maxSide, Math.Max(original.Width, original.Height));
        var planar = new byte[CanvasBytes(side)];
        var size = DecodeInto(data, side, path, planar);
        return (PixelLayout.Interleave(planar, side, size), size, original.Width == 0 ? size : original);
    }

    /// <summary>
    /// The size to decode at: a format that can decode at a reduced scale (JPEG's 1/2, 1/4, 1/8) is asked for the
    /// smallest such scale that still covers the target size, so large photos are not decoded at full size for nothing.
    /// </summary>
    private static SKSizeI DecodeDimensions(SKCodec codec, int canvasSize)
    {
        var full = codec.Info.Size;
        float scale = (float)canvasSize / Math.Max(full.Width, full.Height);
        if (scale >= 1f) return full;
        var reduced = codec.GetScaledDimensions(scale);
        var needed = ImageResizer.FitSize(full.Width, full.Height, canvasSize);
        bool covers = reduced.Width >= needed.Width && reduced.Height >= needed.Height;
        return covers ? reduced : full;
    }

    private static int CanvasBytes(int canvasSize)
    {
        if (canvasSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(canvasSize), $"Canvas size must be positive, got {canvasSize}.");
        return checked(3 * canvasSize * canvasSize);
    }

    private static string FormatList => string.Join(", ", SupportedFormats);

    private static string Prefix(byte[] data) =>
        string.Join(" ", data.Take(4).Select(b => b.ToString("X2")));

    private static InvalidDataException Invalid(string name, string why) =>
        new($"Cannot decode image '{name}': {why}. Replace or remove the file.");
}
