using System.Numerics;
using System.Runtime.InteropServices;

namespace SamClr.MLNet.Regions;

/// <summary>
/// Fast conversion between row-major pixels and column-major COCO runs. A run boundary is a pixel whose value differs
/// from the pixel before it in column-major order: the pixel above it, or for row 0 the bottom pixel of the previous
/// column (for pixel 0, an imaginary unset pixel). Boundaries inside a column are found by comparing whole rows with
/// SIMD, so the row-major layout is read contiguously instead of column by column.
/// </summary>
internal static class CocoRleBits
{
    /// <summary>The runs of a row-major <paramref name="width"/> x <paramref name="height"/> mask.</summary>
    public static int[] Encode(ReadOnlySpan<bool> pixels, int width, int height)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(pixels);
        var boundaries = new List<int>();
        for (int x = 0; x < width; x++)
        {
            bool before = x > 0 && bytes[(height - 1) * width + x - 1] != 0;
            if ((bytes[x] != 0) != before)
                boundaries.Add(x * height);
        }
        for (int y = 1; y < height; y++)
        {
            var above = bytes.Slice((y - 1) * width, width);
            var row = bytes.Slice(y * width, width);
            int x = 0;
            for (; x <= width - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                if (new Vector<byte>(row.Slice(x)) == new Vector<byte>(above.Slice(x)))
                    continue;
                for (int k = x; k < x + Vector<byte>.Count; k++)
                    if (row[k] != above[k])
                        boundaries.Add(k * height + y);
            }
            for (; x < width; x++)
                if (row[x] != above[x])
                    boundaries.Add(x * height + y);
        }
        boundaries.Sort();

        // The value flips at every boundary; the pixels between two boundaries make one run.
        var runs = new RunLengthBuilder();
        int previous = 0;
        bool value = false;
        foreach (int boundary in boundaries)
        {
            runs.Append(value, boundary - previous);
            previous = boundary;
            value = !value;
        }
        runs.Append(value, width * height - previous);
        return runs.ToCounts();
    }

    /// <summary>The row-major pixels of valid runs <paramref name="counts"/> on a <paramref name="width"/> x <paramref name="height"/> mask.</summary>
    public static bool[] Decode(ReadOnlySpan<int> counts, int width, int height)
    {
        var pixels = new bool[width * height];
        Span<byte> bytes = MemoryMarshal.AsBytes(pixels.AsSpan());

        // Mark boundaries inside columns (rows 1 and below) with 1; paired zero-length runs cancel.
        // Row 0 receives each column's first value, the parity of all boundaries at or before the column's start.
        int position = 0, column = 0;
        bool value = false;
        for (int i = 0; i < counts.Length; i++)
        {
            int end = position + counts[i];
            // Columns that start inside this run [position, end) start with the run's value.
            for (; column < width && column * height < end; column++)
                bytes[column] = (byte)(value ? 1 : 0);
            if (i + 1 < counts.Length && end < width * height)
            {
                int y = end % height;
                if (y != 0)
                    bytes[y * width + end / height] ^= 1;
            }
            position = end;
            value = !value;
        }

        // Each row is the row above XOR its boundary marks.
        for (int y = 1; y < height; y++)
        {
            var above = bytes.Slice((y - 1) * width, width);
            var row = bytes.Slice(y * width, width);
            int x = 0;
            for (; x <= width - Vector<byte>.Count; x += Vector<byte>.Count)
                (new Vector<byte>(row.Slice(x)) ^ new Vector<byte>(above.Slice(x))).CopyTo(row.Slice(x));
            for (; x < width; x++)
                row[x] ^= above[x];
        }
        return pixels;
    }
}
