namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// A mask's box the way SAM's automatic mask generator computes and compares boxes (<c>batched_mask_to_box</c>):
/// the first and last column and row that hold a mask pixel, both inclusive. Its <see cref="Area"/> is
/// torchvision's <c>box_area</c>, <c>(X1 - X0) * (Y1 - Y0)</c>, which is what box NMS uses, so NMS decisions
/// match SAM's exactly. An empty mask gets the box (0, 0, 0, 0), as in SAM.
/// </summary>
/// <param name="X0">First column holding a mask pixel.</param>
/// <param name="Y0">First row holding a mask pixel.</param>
/// <param name="X1">Last column holding a mask pixel (inclusive).</param>
/// <param name="Y1">Last row holding a mask pixel (inclusive).</param>
internal readonly record struct SamMaskBox(int X0, int Y0, int X1, int Y1)
{
    /// <summary>torchvision's box area, <c>(X1 - X0) * (Y1 - Y0)</c> (a one-pixel mask has area 0).</summary>
    public long Area => (long)(X1 - X0) * (Y1 - Y0);

    /// <summary>The box moved by (<paramref name="dx"/>, <paramref name="dy"/>), as SAM's <c>uncrop_boxes_xyxy</c>.</summary>
    public SamMaskBox Offset(int dx, int dy) => new(X0 + dx, Y0 + dy, X1 + dx, Y1 + dy);

    /// <summary>
    /// Intersection over union as torchvision's <c>box_iou</c> computes it: intersection
    /// <c>max(0, min(X1) - max(X0)) * max(0, min(Y1) - max(Y0))</c> over the sum of areas minus the intersection;
    /// NaN when both boxes have zero area (torchvision divides 0 by 0 too, and NaN never suppresses).
    /// </summary>
    public static double IoU(SamMaskBox a, SamMaskBox b)
    {
        long w = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0));
        long h = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        long intersection = w * h;
        return (double)intersection / (a.Area + b.Area - intersection);
    }

    /// <summary>
    /// The box of the pixels whose logit exceeds <paramref name="threshold"/> in a row-major
    /// <paramref name="width"/> x <paramref name="height"/> logit map; (0, 0, 0, 0) when no pixel does.
    /// </summary>
    /// <exception cref="ArgumentException">When the span does not hold width x height values.</exception>
    public static SamMaskBox FromLogits(ReadOnlySpan<float> logits, int width, int height, float threshold)
    {
        if (logits.Length != width * height)
            throw new ArgumentException($"Expected {width} x {height} = {width * height} logits, got {logits.Length}.", nameof(logits));
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (int y = 0; y < height; y++)
        {
            var row = logits.Slice(y * width, width);
            int first = -1, last = -1;
            for (int x = 0; x < width; x++)
                if (row[x] > threshold)
                {
                    if (first < 0) first = x;
                    last = x;
                }
            if (first < 0) continue;
            if (y0 == int.MaxValue) y0 = y;
            y1 = y;
            x0 = Math.Min(x0, first);
            x1 = Math.Max(x1, last);
        }
        return x1 < 0 ? default : new SamMaskBox(x0, y0, x1, y1);
    }

    /// <summary>
    /// SAM's <c>is_box_near_crop_edge</c>: true when, in image coordinates, any side of this box (given in the
    /// crop's frame) lies within <paramref name="tolerance"/> pixels of the same side of the crop while not also
    /// lying within that tolerance of the image's side. Such masks are cut off by the crop and are dropped; the
    /// whole-image crop never drops anything.
    /// </summary>
    /// <param name="crop">The crop the box was found in.</param>
    /// <param name="imageWidth">Original image width.</param>
    /// <param name="imageHeight">Original image height.</param>
    /// <param name="tolerance">Pixels of slack (SAM's default 20).</param>
    public bool IsNearCropEdge(SamCrop crop, int imageWidth, int imageHeight, double tolerance = 20.0)
    {
        var box = Offset(crop.X0, crop.Y0);
        return Near(box.X0, crop.X0, 0, tolerance) || Near(box.Y0, crop.Y0, 0, tolerance) ||
               Near(box.X1, crop.X1, imageWidth, tolerance) || Near(box.Y1, crop.Y1, imageHeight, tolerance);
    }

    private static bool Near(int value, int cropEdge, int imageEdge, double tolerance) =>
        Math.Abs(value - cropEdge) <= tolerance && Math.Abs(value - imageEdge) > tolerance;
}
