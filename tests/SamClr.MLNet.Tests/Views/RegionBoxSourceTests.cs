using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class RegionBoxSourceTests
{
    [Fact]
    public void PicksEachRegionUniformlyAndFallsBackToTheWholeImage()
    {
        var a = new CropBox(0, 0, 10, 10);
        var b = new CropBox(5, 5, 20, 20);
        var c = new CropBox(1, 2, 3, 4);
        var source = new RegionBoxSource(new[] { new[] { a, b, c }, Array.Empty<CropBox>() }, new[] { new ImageSize(32, 32), new ImageSize(30, 20) });
        Assert.Equal(1, source.ImagesWithoutRegions);

        var rng = new Random(0);
        var counts = new Dictionary<CropBox, int> { [a] = 0, [b] = 0, [c] = 0 };
        for (int i = 0; i < 3000; i++) counts[source.BoxFor(0, rng)]++;
        // Uniform over 3 regions: 1000 each; a binomial(3000, 1/3) has sd 25.8, so +-100 is about 4 sd.
        foreach (var count in counts.Values) Assert.InRange(count, 900, 1100);
        Assert.Equal(new CropBox(0, 0, 30, 20), source.BoxFor(1, rng));
    }

    [Fact]
    public void RejectsBoxesOutsideTheirImage()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new RegionBoxSource(new[] { new[] { new CropBox(0, 0, 40, 10) } }, new[] { new ImageSize(32, 32) }));
        Assert.Contains("outside", ex.Message);
    }
}
