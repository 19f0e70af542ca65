using SkiaSharp;

namespace SamClr.MLNet.Data;

/// <summary>
/// Places images on a square canvas the way every data source of this library does: the image is
/// resized so that its longest side equals the canvas size (aspect ratio kept, the short side
/// rounded to whole pixels), anchored at the top-left corner, and the right and bottom margins are
/// zero. Resizing uses Skia's high-quality filter (mipmaps when shrinking, bicubic when enlarging).
/// An image that already has the target size is copied exactly, without filtering.
/// </summary>
internal static class ImageResizer
{
    /// <summary>The valid size an image of <paramref name="width"/> x <paramref name="height"/> gets on a canvas of <paramref name="canvasSize"/>.</summary>
    /// <param name="width">Width of the (upright) source image in pixels.</param>
    /// <param name="height">Height of the (upright) source image in pixels.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    public static ImageSize FitSize(int width, int height, int canvasSize)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        CheckCanvas(canvasSize);
        if (width >= height)
            return new ImageSize(canvasSize, Math.Clamp((int)Math.Round((double)height * canvasSize / width), 1, canvasSize));
        return new ImageSize(Math.Clamp((int)Math.Round((double)width * canvasSize / height), 1, canvasSize), canvasSize);
    }

    /// <summary>
    /// Resizes one planar RGB image (3 x <paramref name="height"/> x <paramref name="width"/>) onto a square canvas.
    /// </summary>
    /// <param name="planarRgb">The source bytes, channel by channel, each channel row-major.</param>
    /// <param name="height">Source height in pixels.</param>
    /// <param name="width">Source width in pixels.</param>
    /// <param name="canvasSize">Side of the square canvas in pixels.</param>
    /// <param name="destination">3 x canvasSize x canvasSize bytes that receive the result (fully overwritten).</param>
    /// <returns>The valid extent of the image on the canvas.</returns>
    public static ImageSize ResizeOntoCanvas(ReadOnlySpan<byte> planarRgb, int height, int width, int canvasSize, Span<byte> destination)
    {
        if (height <= 0 || width <= 0)
            throw new ArgumentOutOfRangeException(nameof(height), $"Image size must be positive, got {width}x{height}.");
        int plane = height * width;
        if (planarRgb.Length != 3 * plane)
            throw new ArgumentException($"Expected 3 x {height} x {width} = {3 * plane} bytes, got {planarRgb.Length}.", nameof(planarRgb));
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        unsafe
        {
            var target = new Span<byte>((void*)bitmap.GetPixels(), bitmap.ByteCount);
            for (int y = 0; y < height; y++)
            {
                int row = y * bitmap.RowBytes;
                for (int x = 0; x < width; x++)
                {
                    int s = y * width + x, d = row + 4 * x;
                    target[d] = planarRgb[s];
                    target[d + 1] = planarRgb[plane + s];
                    target[d + 2] = planarRgb[2 * plane + s];
                    target[d + 3] = 255;
                }
            }
        }
        return DrawOntoCanvas(bitmap, canvasSize, destination);
    }

    /// <summary>
    /// A copy of <paramref name="images"/> on a canvas of <paramref name="canvasSize"/>, each image resized by
    /// <see cref="ResizeOntoCanvas(ReadOnlySpan{byte}, int, int, int, Span{byte})"/> from its valid extent.
    /// Labels, class names, sources and the skipped count are kept. Returns <paramref name="images"/> itself when
    /// its canvas is already <paramref name="canvasSize"/> square.
    /// </summary>
    /// <param name="images">The images to resize.</param>
    /// <param name="canvasSize">Side of the new square canvas in pixels.</param>
    /// <param name="maxDegreeOfParallelism">How many images are resized at once; null (the default) means <see cref="Environment.ProcessorCount"/>.</param>
    public static ImageSet ResizeOntoCanvas(ImageSet images, int canvasSize, int? maxDegreeOfParallelism = null)
    {
        CheckCanvas(canvasSize);
        if (images.Height == canvasSize && images.Width == canvasSize) return images;
        long outPlane = 3L * canvasSize * canvasSize;
        var pixels = new byte[checked(images.Count * outPlane)];
        var sizes = new ImageSize[images.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, images.Count, options, i =>
        {
            var valid = images.Sizes[i];
            var source = CropPlanar(images.Image(i), images.Height, images.Width, valid);
            sizes[i] = ResizeOntoCanvas(source, valid.Height, valid.Width, canvasSize,
                pixels.AsSpan((int)(i * outPlane), (int)outPlane));
        });
        return new ImageSet(canvasSize, canvasSize, pixels, sizes, images.Labels, images.ClassNames, images.Sources, images.Skipped);
    }

    /// <summary>
    /// Draws a decoded bitmap (RGBA, premultiplied) onto the canvas as stored (see <see cref="ImageDecoder"/> on EXIF
    /// orientation) and writes planar RGB bytes. Premultiplied colour is colour composited on black, which is how
    /// transparency ends up in the RGB result.
    /// </summary>
    /// <summary>Bicubic (Mitchell) sampling: what SkiaSharp 3 gives for the former SKFilterQuality.High.</summary>
    internal static readonly SKSamplingOptions HighQuality = new(SKCubicResampler.Mitchell);

    internal static ImageSize DrawOntoCanvas(SKBitmap source, int canvasSize, Span<byte> destination)
    {
        CheckCanvas(canvasSize);
        int canvasPlane = canvasSize * canvasSize;
        if (destination.Length != 3 * canvasPlane)
            throw new ArgumentException($"Destination must hold 3 x {canvasSize} x {canvasSize} = {3 * canvasPlane} bytes, got {destination.Length}.", nameof(destination));
        var size = FitSize(source.Width, source.Height, canvasSize);
        destination.Clear();
        if (size.Width == source.Width && size.Height == source.Height)
        {
            CopyToPlanar(source, size, canvasSize, destination);
            return size;
        }
        using var canvasBitmap = new SKBitmap(new SKImageInfo(canvasSize, canvasSize, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(canvasBitmap))
        using (var paint = new SKPaint { IsAntialias = false })
        using (var image = SKImage.FromBitmap(source))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.ClipRect(new SKRect(0, 0, size.Width, size.Height));
            canvas.SetMatrix(SKMatrix.CreateScale((float)size.Width / source.Width, (float)size.Height / source.Height));
            canvas.DrawImage(image, 0, 0, HighQuality, paint);
        }
        CopyToPlanar(canvasBitmap, size, canvasSize, destination);
        return size;
    }

    private static void CopyToPlanar(SKBitmap bitmap, ImageSize size, int canvasSize, Span<byte> destination)
    {
        var rgba = bitmap.GetPixelSpan();
        int rowBytes = bitmap.RowBytes, plane = canvasSize * canvasSize;
        for (int y = 0; y < size.Height; y++)
        {
            for (int x = 0; x < size.Width; x++)
            {
                int s = y * rowBytes + 4 * x, d = y * canvasSize + x;
                destination[d] = rgba[s];
                destination[plane + d] = rgba[s + 1];
                destination[2 * plane + d] = rgba[s + 2];
            }
        }
    }

    private static byte[] CropPlanar(ReadOnlySpan<byte> image, int height, int width, ImageSize valid)
    {
        var crop = new byte[3 * valid.Height * valid.Width];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < valid.Height; y++)
                image.Slice(c * height * width + y * width, valid.Width)
                    .CopyTo(crop.AsSpan((c * valid.Height + y) * valid.Width, valid.Width));
        return crop;
    }

    private static void CheckCanvas(int canvasSize)
    {
        if (canvasSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(canvasSize), $"Canvas size must be positive, got {canvasSize}.");
    }
}
