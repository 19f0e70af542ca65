using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Models;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training.Monitoring;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Training.Monitoring;

[Collection(SequentialCollection.Name)]
public class KnnMonitorTests
{
    [Fact]
    public void AccuracyOnATinySetIsAPercentage()
    {
        var train = SyntheticSceneGenerator.GenerateObjects(16, 16, 1);
        var test = SyntheticSceneGenerator.GenerateObjects(8, 16, 2);
        torch.random.manual_seed(1);
        using var backbone = new SmallCnn(8);
        backbone.eval();
        var monitor = new KnnMonitor("SimCLR", train, test, 16);
        monitor.OnEpochEnd(backbone, torch.CPU, 3, 12, TimeSpan.FromSeconds(1.5));
        var point = Assert.Single(monitor.Curve.Points);
        Assert.Equal((3, 12, TimeSpan.FromSeconds(1.5)), (point.Epoch, point.Step, point.Elapsed));
        Assert.InRange(point.KnnTop1, 0, 100);
        Assert.Contains(point.KnnTop1, Enumerable.Range(0, test.Count + 1).Select(correct => 100.0 * correct / test.Count));
    }

    [Fact]
    public void IdenticalImagesPerClassAreAllRight()
    {
        // Every image of a class is the same flat colour, each class another one: a test image's nearest neighbours are
        // exactly its own class's train images (similarity 1), which outweigh the rest at T = 0.1, so every vote is right.
        var colours = new (byte R, byte G, byte B)[] { (250, 10, 10), (10, 250, 10), (10, 10, 250) };
        ImageSet Images(int perClass)
        {
            int size = 8, count = perClass * colours.Length;
            var pixels = new byte[count * 3 * size * size];
            var labels = new int[count];
            for (int n = 0; n < count; n++)
            {
                labels[n] = n % colours.Length;
                var (r, g, b) = colours[labels[n]];
                pixels.AsSpan((n * 3 + 0) * size * size, size * size).Fill(r);
                pixels.AsSpan((n * 3 + 1) * size * size, size * size).Fill(g);
                pixels.AsSpan((n * 3 + 2) * size * size, size * size).Fill(b);
            }
            return new ImageSet(size, size, pixels, labels: labels, classNames: new[] { "red", "green", "blue" });
        }
        torch.random.manual_seed(2);
        using var backbone = new SmallCnn(8);
        backbone.eval();
        var monitor = new KnnMonitor("SAMCLR", Images(4), Images(2), 16, k: 4);
        Assert.Equal(100.0, monitor.Evaluate(backbone, torch.CPU));
    }

    [Fact]
    public void UnlabelledImagesAreRejected()
    {
        var labelled = SyntheticSceneGenerator.GenerateObjects(4, 16, 1);
        var unlabelled = new ImageSet(16, 16, new byte[4 * 3 * 16 * 16]);
        Assert.Throws<ArgumentException>(() => new KnnMonitor("x", labelled, unlabelled, 16));
    }
}
