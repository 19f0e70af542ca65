using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class StreetSceneObjectsTests
{
    [Fact]
    public void EvaluationSetIsBalancedLabelledAndSized()
    {
        var set = StreetSceneGenerator.GenerateObjects(95, 24, seed: 2);
        Assert.Equal((95, 24, 24), (set.Count, set.Height, set.Width));
        Assert.Equal(SyntheticSceneGenerator.ClassNames, set.ClassNames);
        // Image i shows class i mod 10; 95 = 9 x 10 + 5: classes 0-4 get 10 images, classes 5-9 get 9.
        Assert.All(Enumerable.Range(0, 95), i => Assert.Equal(i % 10, set.Labels![i]));
        var perClass = Enumerable.Range(0, 10).Select(k => set.Labels!.Count(l => l == k)).ToArray();
        Assert.Equal(new[] { 10, 10, 10, 10, 10, 9, 9, 9, 9, 9 }, perClass);
    }

    [Fact]
    public void EvaluationSetIsDeterministicAndUnlikeTheShapeSet()
    {
        var first = StreetSceneGenerator.GenerateObjects(20, 32, seed: 4);
        var second = StreetSceneGenerator.GenerateObjects(20, 32, seed: 4);
        var other = StreetSceneGenerator.GenerateObjects(20, 32, seed: 5);
        var shapes = SyntheticSceneGenerator.GenerateObjects(20, 32, seed: 4);
        Assert.True(first.Pixels.SequenceEqual(second.Pixels));
        Assert.False(first.Pixels.SequenceEqual(other.Pixels));
        for (int i = 0; i < 20; i++) Assert.False(first.Image(i).SequenceEqual(shapes.Image(i)), $"Image {i} equals the shape set's.");
    }

    [Fact]
    public void CornersShowDifferentStreetCrops()
    {
        // The object spans at most 90% of the side, centred within 8%, and the corner pixels lie outside its bounding
        // circle, so they show the street crop, which differs between images (sky, facades, sidewalk or road).
        var set = StreetSceneGenerator.GenerateObjects(40, 64, seed: 6);
        int plane = 64 * 64;
        var corners = new List<double>();
        for (int i = 0; i < set.Count; i++)
        {
            var image = set.Image(i).ToArray();
            double Grey(int x, int y) => (image[y * 64 + x] + image[plane + y * 64 + x] + image[2 * plane + y * 64 + x]) / 3.0;
            corners.Add((Grey(1, 1) + Grey(62, 1) + Grey(1, 62) + Grey(62, 62)) / 4);
        }
        double mean = corners.Average(), spread = Math.Sqrt(corners.Average(c => (c - mean) * (c - mean)));
        // Measured 22.1 over 400 images.
        Assert.True(spread > 10, $"The corners of the evaluation images look alike (spread {spread:0.0}).");
    }
}
