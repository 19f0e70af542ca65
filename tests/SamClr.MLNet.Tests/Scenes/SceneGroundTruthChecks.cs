using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

/// <summary>Checks of scene ground truth that hold for every kind of built-in scene (square shape scenes and wide street frames).</summary>
internal static class SceneGroundTruthChecks
{
    /// <summary>The two sets hold the same pixels and the same objects (class, box, area and mask).</summary>
    public static void SameScenes(SyntheticSceneSet expected, SyntheticSceneSet actual)
    {
        Assert.True(expected.Images.Pixels.SequenceEqual(actual.Images.Pixels), "The pixels differ.");
        Assert.Equal(expected.Objects.Count, actual.Objects.Count);
        for (int i = 0; i < expected.Objects.Count; i++)
        {
            Assert.Equal(expected.Objects[i].Select(o => (o.ClassIndex, o.Box, o.Area)), actual.Objects[i].Select(o => (o.ClassIndex, o.Box, o.Area)));
            for (int k = 0; k < expected.Objects[i].Count; k++)
                Assert.Equal(expected.Objects[i][k].Mask.ToArray(), actual.Objects[i][k].Mask.ToArray());
        }
    }

    /// <summary>The PNG at <paramref name="path"/> shows image <paramref name="index"/> of <paramref name="images"/>, pixel for pixel.</summary>
    public static void PngShows(string path, ImageSet images, int index)
    {
        using var bitmap = SKBitmap.Decode(path);
        int width = images.Width, plane = width * images.Height;
        Assert.Equal((width, images.Height), (bitmap.Width, bitmap.Height));
        var image = images.Image(index);
        for (int p = 0; p < plane; p++)
        {
            var colour = bitmap.GetPixel(p % width, p / width);
            Assert.Equal((image[p], image[plane + p], image[2 * plane + p]), (colour.Red, colour.Green, colour.Blue));
        }
    }

    /// <summary>
    /// A labelled single-object set of 95 images of <paramref name="size"/> px: the ten class names, image i labelled
    /// i mod 10, so (95 = 9 x 10 + 5) classes 0-4 have 10 images and classes 5-9 have 9.
    /// </summary>
    public static void BalancedObjectSetOf95(ImageSet set, int size)
    {
        Assert.Equal((95, size, size), (set.Count, set.Height, set.Width));
        Assert.Equal(SyntheticSceneGenerator.ClassNames, set.ClassNames);
        Assert.Equal(10, set.ClassNames!.Distinct().Count());
        Assert.All(Enumerable.Range(0, 95), i => Assert.Equal(i % 10, set.Labels![i]));
        var perClass = Enumerable.Range(0, 10).Select(k => set.Labels!.Count(l => l == k)).ToArray();
        Assert.Equal(new[] { 10, 10, 10, 10, 10, 9, 9, 9, 9, 9 }, perClass);
    }

    /// <summary>Every mask covers the whole frame, is non-empty, has its area as its pixel count, lies inside a tight box, and no two masks of a frame share a pixel.</summary>
    public static void MasksAreNonEmptyTightInTheirBoxesAndDisjoint(SyntheticSceneSet set)
    {
        int width = set.Images.Width, height = set.Images.Height;
        foreach (var objects in set.Objects)
        {
            var owners = new int[width * height];
            foreach (var item in objects)
            {
                var mask = item.Mask.ToArray();
                Assert.Equal((width, height), (item.Mask.Width, item.Mask.Height));
                Assert.Equal(width * height, mask.Length);
                Assert.Equal(mask.Count(m => m), item.Area);
                Assert.True(item.Area > 0);
                var (x0, y0, x1, y1) = item.Box;
                Assert.True(0 <= x0 && x0 < x1 && x1 <= width && 0 <= y0 && y0 < y1 && y1 <= height, $"Box {item.Box} is not inside the {width}x{height} frame.");
                int insideBox = 0, onLeft = 0, onRight = 0, onTop = 0, onBottom = 0;
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        if (!mask[y * width + x]) continue;
                        if (x >= x0 && x < x1 && y >= y0 && y < y1) insideBox++;
                        if (x == x0) onLeft++;
                        if (x == x1 - 1) onRight++;
                        if (y == y0) onTop++;
                        if (y == y1 - 1) onBottom++;
                        owners[y * width + x]++;
                    }
                Assert.Equal(item.Area, insideBox);
                Assert.True(onLeft > 0 && onRight > 0 && onTop > 0 && onBottom > 0, $"Box {item.Box} is not tight.");
            }
            Assert.All(owners, n => Assert.True(n <= 1, "Two masks of one scene share a pixel."));
        }
    }

    /// <summary>
    /// Compares scenes with the same frames drawn without objects. Returns the share of mask pixels that differ
    /// clearly (by at least 20 summed over the channels: an object covers at least half of a mask pixel) and the share
    /// of pixels outside the masks that changed at all (only anti-aliased outline pixels, less than half covered, may).
    /// </summary>
    public static (double ClearInside, double ChangedOutside) CompareWithBackgrounds(SyntheticSceneSet scenes, ImageSet backgrounds)
    {
        int plane = scenes.Images.Width * scenes.Images.Height;
        long maskPixels = 0, clearInside = 0, changedOutside = 0, outside = 0;
        for (int i = 0; i < scenes.Images.Count; i++)
        {
            var scene = scenes.Images.Image(i).ToArray();
            var background = backgrounds.Image(i).ToArray();
            var anyMask = new bool[plane];
            foreach (var item in scenes.Objects[i])
                for (int p = 0; p < plane; p++)
                {
                    if (!item.Mask[p]) continue;
                    anyMask[p] = true;
                    maskPixels++;
                    if (Enumerable.Range(0, 3).Sum(c => Math.Abs(scene[c * plane + p] - background[c * plane + p])) >= 20) clearInside++;
                }
            for (int p = 0; p < plane; p++)
            {
                if (anyMask[p]) continue;
                outside++;
                if (Enumerable.Range(0, 3).Any(c => scene[c * plane + p] != background[c * plane + p])) changedOutside++;
            }
        }
        Assert.True(maskPixels > 0);
        return (clearInside / (double)maskPixels, changedOutside / (double)outside);
    }
}
