namespace SamClr.MLNet.Tests.Regions.Segmentation;

/// <summary>Hand-made planar RGB images for the segmentation tests.</summary>
internal static class SegmentationImages
{
    /// <summary>A width x height image filled with <paramref name="background"/>, pixels where <paramref name="inside"/> holds painted <paramref name="foreground"/>.</summary>
    public static byte[] Paint(int width, int height, (byte R, byte G, byte B) background, (byte R, byte G, byte B) foreground, Func<int, int, bool> inside)
    {
        int plane = width * height;
        var image = new byte[3 * plane];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var colour = inside(x, y) ? foreground : background;
                int p = y * width + x;
                image[p] = colour.R;
                image[plane + p] = colour.G;
                image[2 * plane + p] = colour.B;
            }
        }
        return image;
    }
}
