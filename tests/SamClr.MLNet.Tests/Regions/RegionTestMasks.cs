using SamClr.MLNet.Regions;

namespace SamClr.MLNet.Tests.Regions;

/// <summary>Small hand-made regions for the region tests.</summary>
internal static class RegionTestMasks
{
    /// <summary>A region whose mask is the rectangle of columns [x0, x1) and rows [y0, y1) on a width x height canvas.</summary>
    public static Region Rectangle(int width, int height, int x0, int y0, int x1, int y1, float predictedIou = float.NaN)
    {
        var mask = new BinaryMask(width, height);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                mask[x, y] = true;
        return new Region(CocoRle.Encode(mask), predictedIou);
    }
}
