using SamClr.MLNet.IO;
using SamClr.MLNet.Views;
using SkiaSharp;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Draws the visualize command's figure with SkiaSharp: three annotated copies of the image above four views.</summary>
internal static class FigureWriter
{
    private const int Gap = 8;

    /// <summary>Longest side of each copy of the image in the figure; larger images are drawn scaled down.</summary>
    private const int MaxShownSide = 800;

    public static void Write(string path, ImageSet image, IReadOnlyList<Region> regions, ImageSize frame, IReadOnlyList<CropBox> boxes,
        CropBox chosen, CropBox[] simclrCrops, CropBox[] samclrCrops, torch.Tensor[] simclrViews, torch.Tensor[] samclrViews)
    {
        var size = image.Sizes[0];
        float scale = Math.Min(1f, (float)MaxShownSide / Math.Max(size.Width, size.Height));
        int w = Math.Max(1, (int)Math.Round(size.Width * scale)), h = Math.Max(1, (int)Math.Round(size.Height * scale)), view = (int)simclrViews[0].shape[2];
        int width = Math.Max(3 * w + 4 * Gap, 4 * view + 5 * Gap), height = h + view + 3 * Gap;
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var full = ToBitmap(image);
        using var photo = full.Resize(new SKImageInfo(w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var overlay = RegionOverlay(regions, frame, w, h);

        canvas.DrawBitmap(photo, Gap, Gap);
        canvas.DrawBitmap(overlay, Gap, Gap);
        foreach (var box in boxes) Rectangle(canvas, box, scale, Gap, SKColors.White, 1);
        Rectangle(canvas, chosen, scale, Gap, SKColors.Yellow, 3);

        canvas.DrawBitmap(photo, 2 * Gap + w, Gap);
        foreach (var crop in simclrCrops) Rectangle(canvas, crop, scale, 2 * Gap + w, SKColors.Cyan, 2);

        canvas.DrawBitmap(photo, 3 * Gap + 2 * w, Gap);
        Rectangle(canvas, chosen, scale, 3 * Gap + 2 * w, SKColors.Yellow, 1);
        foreach (var crop in samclrCrops) Rectangle(canvas, crop, scale, 3 * Gap + 2 * w, SKColors.Magenta, 2);

        for (int i = 0; i < 4; i++)
        {
            using var bitmap = ToBitmap(i < 2 ? simclrViews[i] : samclrViews[i - 2]);
            canvas.DrawBitmap(bitmap, Gap + i * (view + Gap), 2 * Gap + h);
        }
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder != null) Directory.CreateDirectory(folder);
        using var png = surface.Snapshot().Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, "figure", temp =>
        {
            using var file = File.Create(temp);
            png.SaveTo(file);
        });
    }

    private static void Rectangle(SKCanvas canvas, CropBox box, float scale, int left, SKColor colour, float stroke)
    {
        using var paint = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = stroke, IsAntialias = true };
        canvas.DrawRect(new SKRect(left + box.X0 * scale, Gap + box.Y0 * scale, left + box.X1 * scale, Gap + box.Y1 * scale), paint);
    }

    private static SKBitmap ToBitmap(ImageSet image)
    {
        var size = image.Sizes[0];
        var rgb = image.ReadImage(0);
        var bitmap = new SKBitmap(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < size.Height; y++)
            for (int x = 0; x < size.Width; x++)
            {
                int i = 3 * (y * size.Width + x);
                bitmap.SetPixel(x, y, new SKColor(rgb[i], rgb[i + 1], rgb[i + 2]));
            }
        return bitmap;
    }

    private static SKBitmap ToBitmap(torch.Tensor view)
    {
        using var scope = torch.NewDisposeScope();
        int size = (int)view.shape[1];
        var bytes = view.mul(255).round_().clamp_(0, 255).to(torch.ScalarType.Byte).contiguous().data<byte>().ToArray();
        var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int i = y * size + x;
                bitmap.SetPixel(x, y, new SKColor(bytes[i], bytes[size * size + i], bytes[2 * size * size + i]));
            }
        return bitmap;
    }

    /// <summary>Each region's mask in its own translucent colour, scaled from the regions' frame to the image.</summary>
    private static SKBitmap RegionOverlay(IReadOnlyList<Region> regions, ImageSize frame, int width, int height)
    {
        var overlay = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        overlay.Erase(SKColors.Transparent);
        var rng = new Random(1);
        foreach (var region in regions.OrderByDescending(r => r.Area))
        {
            var mask = region.Mask.Decode();
            var colour = new SKColor((byte)rng.Next(64, 256), (byte)rng.Next(64, 256), (byte)rng.Next(64, 256), 110);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    if (mask[Math.Min(frame.Width - 1, x * frame.Width / width), Math.Min(frame.Height - 1, y * frame.Height / height)])
                        overlay.SetPixel(x, y, colour);
        }
        return overlay;
    }
}
