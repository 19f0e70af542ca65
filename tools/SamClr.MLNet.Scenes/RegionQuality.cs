using SamClr.MLNet.Regions;

namespace SamClr.MLNet.Scenes;

/// <summary>How well proposed regions cover ground-truth objects, e.g. on the built-in synthetic scenes.</summary>
public static class RegionQuality
{
    /// <summary>
    /// The mean, over the ground-truth objects, of the best intersection over union (IoU) any proposed region reaches with
    /// the object's mask: 1 when every object is proposed exactly, 0 when no region overlaps any object. An object with no
    /// proposals scores 0; a scene without objects gives NaN (there is nothing to average).
    /// </summary>
    /// <param name="objects">The ground truth of one image (e.g. <see cref="SyntheticSceneSet.Objects"/>[i]).</param>
    /// <param name="proposals">The regions proposed for that image; each mask must have the objects' canvas size.</param>
    /// <exception cref="ArgumentException">A region's mask size differs from an object's canvas size.</exception>
    public static double MeanBestIou(IReadOnlyList<SceneObject> objects, IReadOnlyList<Region> proposals)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(proposals);
        if (objects.Count == 0) return double.NaN;
        double total = 0;
        foreach (var item in objects) total += BestIou(item, proposals);
        return total / objects.Count;
    }

    /// <summary>The best IoU of one object with any of the proposals; 0 when there are none.</summary>
    public static double BestIou(SceneObject item, IReadOnlyList<Region> proposals)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(proposals);
        var mask = item.Mask;
        var truth = CocoRle.Encode(new BinaryMask(mask.Width, mask.Height, mask.ToArray()));
        double best = 0;
        foreach (var region in proposals)
        {
            if (region.Mask.Width != mask.Width || region.Mask.Height != mask.Height)
                throw new ArgumentException(
                    $"A proposed region is {region.Mask.Width}x{region.Mask.Height} but the object's canvas is {mask.Width}x{mask.Height}; propose regions on the same image.", nameof(proposals));
            int overlap = CocoRle.IntersectionArea(truth, region.Mask);
            if (overlap == 0) continue;
            double iou = (double)overlap / (truth.Area + region.Area - overlap);
            best = Math.Max(best, iou);
        }
        return best;
    }
}
