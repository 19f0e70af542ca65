using System.Numerics;
using System.Numerics.Tensors;
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
        Reduce(rows, width, endRow - firstRow, xa + xw.Start * kx, kx, ky, columns, reducedRows, reduced, scratch);

        var horizontal = scratch.Horizontal(3L * size * reducedRows);
        for (int r = 0; r < reducedRows; r++)
            ResampleRow(reduced.AsSpan(3 * r * columns, 3 * columns), xw, horizontal.AsSpan(3 * r * size, 3 * size));

        var row = scratch.OutputRow(3 * size);
        Span<int> sourceRows = yw.Taps <= 256 ? stackalloc int[yw.Taps] : new int[yw.Taps];
        int plane = size * size;
        for (int i = 0; i < size; i++)
        {
            for (int t = 0; t < yw.Count[i]; t++) sourceRows[t] = yw.First[i] - yw.Start + t;
            WeightedRows.Sum(horizontal, 3 * size, sourceRows[..yw.Count[i]], yw.Weights.AsSpan(i * yw.Taps, yw.Count[i]), row);
            WritePlanarRow(row, flip, destination.Slice(i * size, size), destination.Slice(plane + i * size, size),
                destination.Slice(2 * plane + i * size, size));
        }
    }

    /// <summary>One interleaved RGB row resampled along x with <paramref name="weights"/> into <paramref name="result"/> (3 x size floats).</summary>
    private static void ResampleRow(ReadOnlySpan<float> source, ResampleWeights weights, Span<float> result)
    {
        int size = result.Length / 3;
        for (int j = 0; j < size; j++)
        {
            float red = 0, green = 0, blue = 0;
            var taps = weights.Weights.AsSpan(j * weights.Taps, weights.Count[j]);
            var pixels = source.Slice(3 * (weights.First[j] - weights.Start), 3 * taps.Length);
            for (int t = 0; t < taps.Length; t++)
            {
                float w = taps[t];
                red += w * pixels[3 * t];
                green += w * pixels[3 * t + 1];
                blue += w * pixels[3 * t + 2];
            }
            result[3 * j] = red;
            result[3 * j + 1] = green;
            result[3 * j + 2] = blue;
        }
    }

    /// <summary>An interleaved RGB row of floats rounded into three planar rows of bytes, mirrored when <paramref name="flip"/> is set.</summary>
    private static void WritePlanarRow(ReadOnlySpan<float> row, bool flip, Span<byte> red, Span<byte> green, Span<byte> blue)
    {
        int size = red.Length;
        for (int j = 0; j < size; j++)
        {
            int d = flip ? size - 1 - j : j;
            red[d] = ToByte(row[3 * j]);
            green[d] = ToByte(row[3 * j + 1]);
            blue[d] = ToByte(row[3 * j + 2]);
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
    /// into <paramref name="columns"/> x <paramref name="reducedRows"/> RGB floats, starting at source column <paramref name="x0"/>;
    /// with 1 x 1 blocks (a crop shrunk by less than 4x, or enlarged) a plain conversion of the bytes. Each block row
    /// first sums its ky source rows byte by byte, a vector at a time, then each block its kx columns of those sums.
    /// </summary>
    private static void Reduce(ReadOnlySpan<byte> rows, int width, int rowCount, int x0, int kx, int ky, int columns, int reducedRows,
        float[] reduced, CropScratch scratch)
    {
        if (kx == 1 && ky == 1)
        {
            for (int r = 0; r < reducedRows; r++)
                TensorPrimitives.ConvertChecked(rows.Slice(3 * (r * width + x0), 3 * columns), reduced.AsSpan(3 * r * columns, 3 * columns));
            return;
        }
        int span = Math.Min(width, x0 + columns * kx) - x0;
        var sums = scratch.ColumnSums(3 * span);
        for (int r = 0; r < reducedRows; r++)
        {
            int y0 = r * ky, y1 = Math.Min(rowCount, y0 + ky);
            sums.Clear();
            for (int y = y0; y < y1; y++) AddBytes(rows.Slice(3 * (y * width + x0), 3 * span), sums);
            for (int c = 0; c < columns; c++)
            {
                int first = c * kx, end = Math.Min(span, first + kx);
                uint red = 0, green = 0, blue = 0;
                for (int x = first; x < end; x++)
                {
                    red += sums[3 * x];
                    green += sums[3 * x + 1];
                    blue += sums[3 * x + 2];
                }
                float inverse = 1f / ((y1 - y0) * (end - first));
                int d = 3 * (r * columns + c);
                reduced[d] = red * inverse;
                reduced[d + 1] = green * inverse;
                reduced[d + 2] = blue * inverse;
            }
        }
    }

    /// <summary>Adds every byte of <paramref name="bytes"/> to the sum at its position, widening a vector of bytes at a time.</summary>
    private static void AddBytes(ReadOnlySpan<byte> bytes, Span<uint> sums)
    {
        int step = Vector<byte>.Count, quarter = Vector<uint>.Count, i = 0;
        for (; i <= bytes.Length - step; i += step)
        {
            Vector.Widen(new Vector<byte>(bytes.Slice(i)), out Vector<ushort> low, out Vector<ushort> high);
            Vector.Widen(low, out Vector<uint> a, out Vector<uint> b);
            Vector.Widen(high, out Vector<uint> c, out Vector<uint> d);
            var target = sums.Slice(i, step);
            (new Vector<uint>(target) + a).CopyTo(target);
            (new Vector<uint>(target.Slice(quarter)) + b).CopyTo(target.Slice(quarter));
            (new Vector<uint>(target.Slice(2 * quarter)) + c).CopyTo(target.Slice(2 * quarter));
            (new Vector<uint>(target.Slice(3 * quarter)) + d).CopyTo(target.Slice(3 * quarter));
        }
        for (; i < bytes.Length; i++) sums[i] += bytes[i];
    }

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
}
