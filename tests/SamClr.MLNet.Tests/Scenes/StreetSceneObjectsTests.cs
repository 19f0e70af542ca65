using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class StreetSceneObjectsTests
{
    [Fact]
    public void EvaluationSetIsBalancedLabelledAndSized() =>
        SceneGroundTruthChecks.BalancedObjectSetOf95(StreetSceneGenerator.GenerateObjects(95, 24, seed: 2), 24);

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
