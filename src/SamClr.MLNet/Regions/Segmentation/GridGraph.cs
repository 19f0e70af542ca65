namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>
/// The 8-connected pixel grid graph of Felzenszwalb and Huttenlocher (2004, section 5): one edge between every pixel
/// and each of its right, lower, lower-right and lower-left neighbours, weighted by the Euclidean distance of the two
/// pixels' (smoothed) RGB values, and sorted by non-decreasing weight.
/// </summary>
/// <remarks>
/// An edge is stored as one 64-bit key: the weight's IEEE bits in the upper half (non-negative floats order like their
/// bits) and the edge id (pixel index x 4 + direction) in the lower half. A stable LSD radix sort on the upper half keeps
/// equal weights in edge-id order, so the order, and with it the segmentation, is fully deterministic.
/// </remarks>
internal sealed class GridGraph
{
    private readonly ulong[] _edges;

    private GridGraph(int width, int height, ulong[] edges)
    {
        Width = width;
        Height = height;
        _edges = edges;
    }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of edges.</summary>
    public int EdgeCount => _edges.Length;

    /// <summary>Weight of the <paramref name="rank"/>-th lightest edge.</summary>
    public float Weight(int rank) => BitConverter.UInt32BitsToSingle((uint)(_edges[rank] >> 32));

    /// <summary>The two pixel indices (row-major) joined by the <paramref name="rank"/>-th lightest edge.</summary>
    public (int A, int B) Ends(int rank)
    {
        uint id = (uint)_edges[rank];
        int a = (int)(id >> 2);
        int b = (id & 3) switch
        {
            0 => a + 1,
            1 => a + Width,
            2 => a + Width + 1,
            _ => a + Width - 1,
        };
        return (a, b);
    }

    /// <summary>Builds and sorts the graph of 3 float planes (height x width each).</summary>
    public static GridGraph Build(float[] planes, int width, int height)
    {
        int plane = width * height;
        // (w-1)h horizontal + w(h-1) vertical + 2(w-1)(h-1) diagonal edges.
        long count = 4L * plane - 3L * width - 3L * height + 2;
        if (4L * plane > uint.MaxValue || count > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} image has too many pixels for the segmentation graph; resize it below 500 megapixels.");
        var edges = new ulong[count];
        int n = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = y * width + x;
                if (x + 1 < width) edges[n++] = Key(planes, plane, p, p + 1, 4u * (uint)p);
                if (y + 1 < height)
                {
                    edges[n++] = Key(planes, plane, p, p + width, 4u * (uint)p + 1);
                    if (x + 1 < width) edges[n++] = Key(planes, plane, p, p + width + 1, 4u * (uint)p + 2);
                    if (x > 0) edges[n++] = Key(planes, plane, p, p + width - 1, 4u * (uint)p + 3);
                }
            }
        }
        SortByUpperHalf(edges);
        return new GridGraph(width, height, edges);
    }

    private static ulong Key(float[] planes, int plane, int a, int b, uint id)
    {
        float dr = planes[a] - planes[b];
        float dg = planes[plane + a] - planes[plane + b];
        float db = planes[2 * plane + a] - planes[2 * plane + b];
        float weight = MathF.Sqrt(dr * dr + dg * dg + db * db);
        return (ulong)BitConverter.SingleToUInt32Bits(weight) << 32 | id;
    }

    /// <summary>Stable LSD radix sort on bits 32..63, one byte per pass; passes where every key has the same byte are skipped.</summary>
    private static void SortByUpperHalf(ulong[] keys)
    {
        var buffer = new ulong[keys.Length];
        ulong[] source = keys, target = buffer;
        Span<int> offsets = stackalloc int[256];
        for (int shift = 32; shift < 64; shift += 8)
        {
            offsets.Clear();
            foreach (ulong key in source) offsets[(int)(key >> shift) & 0xFF]++;
            if (offsets[(int)(source.Length > 0 ? source[0] >> shift & 0xFF : 0)] == source.Length) continue;
            int total = 0;
            for (int b = 0; b < 256; b++)
            {
                int bucket = offsets[b];
                offsets[b] = total;
                total += bucket;
            }
            foreach (ulong key in source) target[offsets[(int)(key >> shift) & 0xFF]++] = key;
            (source, target) = (target, source);
        }
        if (!ReferenceEquals(source, keys)) source.CopyTo(keys, 0);
    }
}
