namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// SAM's <c>remove_small_regions</c> (<c>segment_anything/utils/amg.py</c>), the clean-up its automatic mask
/// generator runs when <c>min_mask_region_area</c> &gt; 0: fill small holes, then drop small islands, both with
/// 8-connected components (OpenCV's <c>connectedComponentsWithStats</c> with connectivity 8 in SAM).
/// </summary>
internal static class SamSmallRegions
{
    /// <summary>
    /// Fills every 8-connected component of non-mask pixels smaller than <paramref name="minArea"/> pixels. As in SAM,
    /// background components that touch the image border count as holes too.
    /// </summary>
    /// <param name="mask">Row-major mask; not modified.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="minArea">Components with fewer pixels than this are filled.</param>
    /// <param name="changed">True when at least one hole was filled.</param>
    /// <returns>The mask with small holes filled (the input array itself when nothing changed).</returns>
    public static bool[] FillHoles(bool[] mask, int width, int height, int minArea, out bool changed)
    {
        var labels = Label(mask, width, height, want: false, out var sizes);
        var fill = new bool[sizes.Count];
        changed = false;
        for (int c = 0; c < sizes.Count; c++)
            if (sizes[c] < minArea) fill[c] = changed = true;
        if (!changed) return mask;
        var result = (bool[])mask.Clone();
        for (int i = 0; i < result.Length; i++)
            if (labels[i] >= 0 && fill[labels[i]]) result[i] = true;
        return result;
    }

    /// <summary>
    /// Removes every 8-connected component of mask pixels smaller than <paramref name="minArea"/> pixels; when all
    /// components are that small, keeps the largest one (the first of equal largest ones), as SAM does.
    /// </summary>
    /// <param name="mask">Row-major mask; not modified.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="minArea">Components with fewer pixels than this are removed.</param>
    /// <param name="changed">True when at least one island was removed.</param>
    /// <returns>The mask without small islands (the input array itself when nothing changed).</returns>
    public static bool[] RemoveIslands(bool[] mask, int width, int height, int minArea, out bool changed)
    {
        var labels = Label(mask, width, height, want: true, out var sizes);
        var keep = new bool[sizes.Count];
        changed = false;
        int largest = -1;
        bool anyKept = false;
        for (int c = 0; c < sizes.Count; c++)
        {
            if (sizes[c] < minArea) changed = true;
            else keep[c] = anyKept = true;
            if (largest < 0 || sizes[c] > sizes[largest]) largest = c;
        }
        if (!changed) return mask;
        if (!anyKept) keep[largest] = true;
        var result = new bool[mask.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = labels[i] >= 0 && keep[labels[i]];
        return result;
    }

    /// <summary>
    /// Labels the 8-connected components of the pixels equal to <paramref name="want"/> in raster order of their
    /// first pixel (OpenCV's order); other pixels get -1.
    /// </summary>
    private static int[] Label(bool[] mask, int width, int height, bool want, out List<int> sizes)
    {
        if (mask.Length != width * height)
            throw new ArgumentException($"Expected a {width} x {height} mask ({width * height} values), got {mask.Length}.", nameof(mask));
        var labels = new int[mask.Length];
        Array.Fill(labels, -1);
        sizes = new List<int>();
        var stack = new Stack<int>();
        for (int start = 0; start < mask.Length; start++)
        {
            if (mask[start] != want || labels[start] >= 0) continue;
            int label = sizes.Count;
            int size = 0;
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                size++;
                int px = p % width, py = p / width;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = px + dx, ny = py + dy;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                        int q = ny * width + nx;
                        if (mask[q] != want || labels[q] >= 0) continue;
                        labels[q] = label;
                        stack.Push(q);
                    }
            }
            sizes.Add(size);
        }
        return labels;
    }
}
