namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// A partition of an image into segments: one label per pixel, row-major. Labels are 0 .. <see cref="Count"/> - 1,
/// numbered in the row-major order of each segment's first pixel, so equal partitions always get equal labels.
/// </summary>
internal sealed class SegmentMap
{
    private readonly int[] _labels;
    private readonly int[] _sizes;

    internal SegmentMap(int width, int height, int[] labels, int[] sizes)
    {
        Width = width;
        Height = height;
        _labels = labels;
        _sizes = sizes;
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of segments.</summary>
    public int Count => _sizes.Length;

    /// <summary>The label of every pixel, row-major (index y x Width + x).</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>The label of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public int this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width}x{Height} segment map.");
            return _labels[y * Width + x];
        }
    }

    /// <summary>Number of pixels in segment <paramref name="label"/>.</summary>
    public int Size(int label) => _sizes[label];

    /// <summary>Relabels the partition held by <paramref name="sets"/> (one element per pixel) in first-pixel order.</summary>
    internal static SegmentMap FromSets(DisjointSet sets, int width, int height)
    {
        int pixels = width * height;
        var labels = new int[pixels];
        var labelOfRoot = new int[pixels];
        Array.Fill(labelOfRoot, -1);
        var sizes = new int[sets.SetCount];
        int next = 0;
        for (int p = 0; p < pixels; p++)
        {
            int root = sets.Find(p);
            if (labelOfRoot[root] < 0)
            {
                labelOfRoot[root] = next;
                sizes[next] = sets.Size(root);
                next++;
            }
            labels[p] = labelOfRoot[root];
        }
        return new SegmentMap(width, height, labels, sizes);
    }
}
