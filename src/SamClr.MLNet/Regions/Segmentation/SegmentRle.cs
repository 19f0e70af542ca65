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
        var runs = new RunLengthBuilder();
        runs.Append(false, x0 * height);           // whole unset columns left of the scanned ones
        for (int x = x0; x < x1; x++)
            for (int y = 0, p = x; y < height; y++, p += width)
                runs.Append(member[labels[p]]);
        runs.Append(false, (width - x1) * height); // whole unset columns right of them
        return CocoRle.FromCounts(runs.ToCounts(), height, width);
    }
}
