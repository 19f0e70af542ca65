using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>
/// A binary mask in COCO run-length encoding, exactly as pycocotools (the COCO API's <c>maskApi.c</c>) and SAM's
/// automatic mask generator define it: the pixels are read in column-major (Fortran) order — down the first column,
/// then down the second, … — and <see cref="Counts"/> holds the lengths of the alternating runs, starting with a run of
/// zeros (which is 0 when the first pixel is set). The runs sum to <see cref="Height"/> x <see cref="Width"/>.
/// Immutable; area, bounding box and intersections are computed from the runs without decoding.
/// </summary>
public sealed class CocoRle
{
    private readonly int[] _counts;

    private CocoRle(int[] counts, int height, int width)
    {
        _counts = counts;
        Counts = Array.AsReadOnly(counts);
        Height = height;
        Width = width;
        int area = 0;
        for (int i = 1; i < counts.Length; i += 2)
            area += counts[i];
        Area = area;
    }

    /// <summary>Mask height in pixels (the first entry of COCO's <c>"size": [h, w]</c>).</summary>
    public int Height { get; }

    /// <summary>Mask width in pixels (the second entry of COCO's <c>"size": [h, w]</c>).</summary>
    public int Width { get; }

    /// <summary>The run lengths in column-major order, alternating zeros and ones, starting with zeros.</summary>
    public IReadOnlyList<int> Counts { get; }

    /// <summary>The number of set pixels: the sum of the odd-indexed runs.</summary>
    public int Area { get; }

    /// <summary>
    /// The tightest box around the set pixels in canvas pixels with exclusive ends (pycocotools' <c>toBbox</c>
    /// gives the same box as x, y, width, height); null when the mask is empty. Computed from the runs.
    /// </summary>
    public CropBox? BoundingBox
    {
        get
        {
            int h = Height;
            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
            long position = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                int run = _counts[i];
                if (i % 2 == 1 && run > 0)
                {
                    long last = position + run - 1;
                    int firstColumn = (int)(position / h), lastColumn = (int)(last / h);
                    int firstRow = (int)(position % h), lastRow = (int)(last % h);
                    if (firstColumn != lastColumn)
                    {
                        // A run that wraps into the next column covers the bottom of one column and the top of the next.
                        firstRow = 0;
                        lastRow = h - 1;
                    }
                    x0 = Math.Min(x0, firstColumn);
                    x1 = Math.Max(x1, lastColumn);
                    y0 = Math.Min(y0, firstRow);
                    y1 = Math.Max(y1, lastRow);
                }
                position += run;
            }
            return x1 < 0 ? null : new CropBox(x0, y0, x1 + 1, y1 + 1);
        }
    }

    /// <summary>Encodes a mask (pycocotools' <c>mask.encode</c>): runs in column-major order, starting with zeros.</summary>
    public static CocoRle Encode(BinaryMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return new CocoRle(CocoRleBits.Encode(mask.RowMajor, mask.Width, mask.Height), mask.Height, mask.Width);
    }

    /// <summary>Decodes to a row-major <see cref="BinaryMask"/> (pycocotools' <c>mask.decode</c>).</summary>
    public BinaryMask Decode() => BinaryMask.Wrap(Width, Height, CocoRleBits.Decode(_counts, Width, Height));

    /// <summary>
    /// Builds a mask from uncompressed COCO RLE, <c>{"size": [height, width], "counts": [...]}</c>.
    /// The counts are copied and validated.
    /// </summary>
    /// <exception cref="InvalidDataException">A size is below 1, a run is negative, or the runs do not sum to height x width.</exception>
    public static CocoRle FromCounts(IReadOnlyList<int> counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        CheckSize(height, width);
        long total = 0;
        var copy = new int[counts.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            int run = counts[i];
            if (run < 0)
                throw new InvalidDataException(
                    $"Invalid COCO RLE: run {i} is negative ({run}). Run lengths must be 0 or more; check that the counts were not decoded from a compressed string with the wrong reader.");
            copy[i] = run;
            total += run;
        }
        if (total != (long)height * width)
            throw new InvalidDataException(
                $"Invalid COCO RLE: the {copy.Length} runs sum to {total} pixels, but size [h={height}, w={width}] has {(long)height * width}. Check that \"size\" is [height, width] (COCO's order) and that the counts belong to this mask.");
        return new CocoRle(copy, height, width);
    }

    /// <summary>
    /// Parses pycocotools' compressed counts string (the <c>"counts"</c> string SAM's amg.py writes); see
    /// <see cref="ToCompressedString"/> for the format.
    /// </summary>
    /// <param name="counts">The compressed counts string.</param>
    /// <param name="height">Mask height (COCO's <c>size[0]</c>).</param>
    /// <param name="width">Mask width (COCO's <c>size[1]</c>).</param>
    /// <exception cref="InvalidDataException">
    /// A character lies outside '0'..'o', the string ends inside a value, a value overflows, a run is negative, or the
    /// runs do not sum to height x width.
    /// </exception>
    public static CocoRle FromCompressedString(string counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        CheckSize(height, width);
        return FromCounts(CocoRleString.Parse(counts), height, width);
    }

    /// <summary>
    /// Writes pycocotools' compressed counts string (<c>rleToString</c> in the COCO API's maskApi.c). Each run, from
    /// index 3 on, is first replaced by its difference to the run two before it (runs 0, 1 and 2 are written as they
    /// are), so the value may be negative. Each value is then written as a little-endian sequence of 5-bit groups, low
    /// group first: a group carries bits 0x1F of the value; bit 0x20 is set on every group but the last ("more
    /// follows"); writing stops once the rest of the value is 0 and the group's sign bit 0x10 is clear, or the rest is
    /// -1 and 0x10 is set (two's complement, so 0x10 on the last group marks a negative value). Every group is written as
    /// the character with code group + 48, so the string uses only '0' (48) .. 'o' (111).
    /// </summary>
    public string ToCompressedString() => CocoRleString.Format(_counts);

    /// <summary>
    /// The number of pixels set in both masks, found by walking the two run lists together (no decoding).
    /// </summary>
    /// <exception cref="ArgumentException">The masks have different sizes.</exception>
    public static int IntersectionArea(CocoRle a, CocoRle b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Height != b.Height || a.Width != b.Width)
            throw new ArgumentException(
                $"Cannot intersect a {a.Width} x {a.Height} mask with a {b.Width} x {b.Height} mask; masks of one image share its size.");
        int[] ca = a._counts, cb = b._counts;
        int i = 0, j = 0, leftA = ca.Length > 0 ? ca[0] : 0, leftB = cb.Length > 0 ? cb[0] : 0;
        int overlap = 0;
        while (i < ca.Length && j < cb.Length)
        {
            if (leftA == 0)
            {
                if (++i < ca.Length)
                    leftA = ca[i];
                continue;
            }
            if (leftB == 0)
            {
                if (++j < cb.Length)
                    leftB = cb[j];
                continue;
            }
            int step = Math.Min(leftA, leftB);
            if ((i & j & 1) == 1)
                overlap += step;
            leftA -= step;
            leftB -= step;
        }
        return overlap;
    }

    private static void CheckSize(int height, int width)
    {
        if (height < 1 || width < 1 || (long)height * width > int.MaxValue)
            throw new InvalidDataException(
                $"Invalid COCO RLE size [h={height}, w={width}]: both must be at least 1 and their product at most {int.MaxValue}.");
    }
}
