using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests;

public class ImageSetTests
{
    [Fact]
    public void ToTensorScalesBytesAndKeepsPlanarOrder()
    {
        var pixels = new byte[2 * 3 * 2 * 2];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 10);
        var set = new ImageSet(2, 2, pixels);
        using var t = set.ToTensor(new[] { 1 });
        Assert.Equal(new long[] { 1, 3, 2, 2 }, t.shape);
        // Image 1 starts at byte 12: channel 0, row 0, column 1 is byte 13 -> 130 / 255.
        Assert.Equal(130f / 255f, t[0, 0, 0, 1].item<float>(), 5);
        Assert.Equal(230f / 255f, t[0, 2, 1, 1].item<float>(), 5);
    }

    [Fact]
    public void RejectsLabelsOutsideClasses()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ImageSet(1, 1, new byte[3], labels: new[] { 2 }, classNames: new[] { "a", "b" }));
        Assert.Contains("outside", ex.Message);
    }
}
