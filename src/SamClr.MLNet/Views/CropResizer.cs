using SamClr.MLNet.Data;

namespace SamClr.MLNet.Views;

/// <summary>
/// Cuts one view out of a source image at full resolution: the crop (in source pixels) is resized to a square of the
/// view size with antialiasing and optionally mirrored, reading only the rows the crop needs. Shrinking by a large
/// factor first averages k x k blocks with k = floor(scale / 2) (Pillow's reducing_gap = 2), then applies the
/// triangle filter of <see cref="ResampleWeights"/>, so every source pixel under the crop contributes, as in
/// torchvision's resize with antialias = True: a 40 x 40 region of a 2048 x 1024 frame becomes a 32-px view of its
/// own pixels, not an upsampled thumbnail. Runs on CPU worker threads; thread-safe given one scratch per thread.
/// </summary>
internal static class CropResizer
{
    /// <summary>
    /// Writes the view of <paramref name="crop"/> of image <paramref name="index"/> into <paramref name="destination"/>
    /// as planar RGB bytes (3 x size x size), mirrored left to right when <paramref name="flip"/> is set.
    /// </summary>
    internal static void Cut(ISourceImages images, int index, CropBox crop, bool flip, int size, Span<byte> destination, CropScratch scratch)
    {
        var image = images.Sizes[index];
        int width = image.Width, height = image.Height;
        if (!crop.IsValid || !crop.IsInside(CropBox.Whole(width, height)))
            throw new ArgumentException($"Crop {crop} is empty or outside image {index} ({width}x{height}).", nameof(crop));
        if (destination.Length != 3 * size * size)
            throw new ArgumentException($"A {size}-px view needs {3 * size * size} bytes, got {destination.Length}.", nameof(destination));
        double scaleX = crop.Width / (double)size, scaleY = crop.Height / (double)size;
        int kx = Math.Max(1, (int)(scaleX / 2)), ky = Math.Max(1, (int)(scaleY / 2));
        var (xa, xb) = Margin(crop.X0, crop.X1, scaleX, kx, width);
        var (ya, yb) = Margin(crop.Y0, crop.Y1, scaleY, ky, height);
        int reducedWidth = (xb - xa + kx - 1) / kx, reducedHeight = (yb - ya + ky - 1) / ky;
        var xw = ResampleWeights.Compute((crop.X0 - xa) / kx, (crop.X1 - xa) / kx, reducedWidth, size);
        var yw = ResampleWeights.Compute((crop.Y0 - ya) / ky, (crop.Y1 - ya) / ky, reducedHeight, size);

        int firstRow = ya + yw.Start * ky, endRow = Math.Min(height, ya + yw.End * ky);
        var rows = scratch.Rows(3L * width * (endRow - firstRow));
        images.ReadRows(index, firstRow, endRow, rows);

        int columns = xw.End - xw.Start, reducedRows = yw.End - yw.Start;
        var reduced = scratch.Reduced(3L * columns * reducedRows);
        Reduce(rows, width, endRow - firstRow, xa + xw.Start * kx, kx, ky, columns, reducedRows, reduced);

        var horizontal = scratch.Horizontal(3L * size * reducedRows);
        for (int r = 0; r < reducedRows; r++)
            for (int j = 0; j < size; j++)
            {
                float red = 0, green = 0, blue = 0;
                int first = xw.First[j] - xw.Start, w0 = j * xw.Taps;
                for (int t = 0; t < xw.Count[j]; t++)
                {
                    float w = xw.Weights[w0 + t];
                    int s = 3 * (r * columns + first + t);
                    red += w * reduced[s];
                    green += w * reduced[s + 1];
                    blue += w * reduced[s + 2];
                }
                int d = 3 * (r * size + j);
                horizontal[d] = red;
                horizontal[d + 1] = green;
                horizontal[d + 2] = blue;
            }

        int plane = size * size;
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
            {
                float red = 0, green = 0, blue = 0;
                int first = yw.First[i] - yw.Start, w0 = i * yw.Taps;
                for (int t = 0; t < yw.Count[i]; t++)
                {
                    float w = yw.Weights[w0 + t];
                    int s = 3 * ((first + t) * size + j);
                    red += w * horizontal[s];
                    green += w * horizontal[s + 1];
                    blue += w * horizontal[s + 2];
                }
                int d = i * size + (flip ? size - 1 - j : j);
                destination[d] = ToByte(red);
                destination[plane + d] = ToByte(green);
                destination[2 * plane + d] = ToByte(blue);
            }
    }

    /// <summary>The source interval [start, end) the filter can reach around [c0, c1), clipped to the image.</summary>
    private static (int Start, int End) Margin(float c0, float c1, double scale, int k, int length)
    {
        double reach = (Math.Max(scale / k, 1.0) + 1) * k;
        int start = Math.Clamp((int)Math.Floor(c0 - reach), 0, length - 1);
        int end = Math.Clamp((int)Math.Ceiling(c1 + reach), start + 1, length);
        return (start, end);
    }

    /// <summary>
    /// Averages kx x ky blocks of the interleaved rows (blocks cut by the image edge average the pixels they have)
    /// into <paramref name="columns"/> x <paramref name="reducedRows"/> RGB floats, starting at source column <paramref name="x0"/>.
    /// </summary>
    private static void Reduce(ReadOnlySpan<byte> rows, int width, int rowCount, int x0, int kx, int ky, int columns, int reducedRows, float[] reduced)
    {
        for (int r = 0; r < reducedRows; r++)
        {
            int y0 = r * ky, y1 = Math.Min(rowCount, y0 + ky);
            for (int c = 0; c < columns; c++)
            {
                int xs = x0 + c * kx, xe = Math.Min(width, xs + kx);
                int red = 0, green = 0, blue = 0;
                for (int y = y0; y < y1; y++)
                {
                    var row = rows.Slice(3 * (y * width + xs), 3 * (xe - xs));
                    for (int p = 0; p < row.Length; p += 3)
                    {
                        red += row[p];
                        green += row[p + 1];
                        blue += row[p + 2];
                    }
                }
                float inverse = 1f / ((y1 - y0) * (xe - xs));
                int d = 3 * (r * columns + c);
                reduced[d] = red * inverse;
                reduced[d + 1] = green * inverse;
                reduced[d + 2] = blue * inverse;
            }
        }
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
}
