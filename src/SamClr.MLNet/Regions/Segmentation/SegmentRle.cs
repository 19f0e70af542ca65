namespace SamClr.MLNet.Regions.Segmentation;

/// <summary>Encodes unions of a <see cref="SegmentMap"/>'s segments as COCO RLE without building a mask.</summary>
internal static class SegmentRle
{
    /// <summary>
    /// The COCO RLE of the pixels whose label is marked in <paramref name="member"/>; only columns
    /// <paramref name="x0"/> .. <paramref name="x1"/> - 1 (which must hold every such pixel) are scanned.
    /// </summary>
    public static CocoRle Encode(SegmentMap map, bool[] member, int x0, int x1)
    {
        int width = map.Width, height = map.Height;
        var labels = map.Labels;
        var counts = new List<int>();
        bool current = false;
        int run = x0 * height;
        for (int x = x0; x < x1; x++)
        {
            for (int y = 0, p = x; y < height; y++, p += width)
            {
                bool set = member[labels[p]];
                if (set != current)
                {
                    counts.Add(run);
                    run = 0;
                    current = set;
                }
                run++;
            }
        }
        int trailing = (width - x1) * height;
        if (current)
        {
            counts.Add(run);
            if (trailing > 0) counts.Add(trailing);
        }
        else
        {
            counts.Add(run + trailing);
        }
        return CocoRle.FromCounts(counts, height, width);
    }
}
