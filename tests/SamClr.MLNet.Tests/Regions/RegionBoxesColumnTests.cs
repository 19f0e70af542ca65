using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions;

public class RegionBoxesColumnTests
{
    [Fact]
    public void FlattensAndReadsBackScaledAndClipped()
    {
        var values = RegionBoxesColumn.Flatten(new[] { new CropBox(10, 20, 30, 40), new CropBox(90, 0, 120, 10) });
        Assert.Equal(new float[] { 10, 20, 30, 40, 90, 0, 120, 10 }, values);
        // Scale 0.5 onto a 50x50 extent: the first box becomes (5,10,15,20); the second (45,0,60,5) is clipped to (45,0,50,5).
        var boxes = RegionBoxesColumn.Read(new VBuffer<float>(values.Length, values), 0.5f, new CropBox(0, 0, 50, 50), "Regions", 0);
        Assert.Equal(new[] { new CropBox(5, 10, 15, 20), new CropBox(45, 0, 50, 5) }, boxes);
    }

    [Fact]
    public void BoxesClippedToNothingAreDropped()
    {
        var values = new float[] { 60, 60, 80, 80 };
        Assert.Empty(RegionBoxesColumn.Read(new VBuffer<float>(4, values), 1f, new CropBox(0, 0, 50, 50), "Regions", 0));
    }

    [Fact]
    public void LengthNotAMultipleOfFourNamesColumnAndRow()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            RegionBoxesColumn.Read(new VBuffer<float>(3, new float[] { 1, 2, 3 }), 1f, new CropBox(0, 0, 5, 5), "Boxes", 7));
        Assert.Contains("Row 7", ex.Message);
        Assert.Contains("'Boxes'", ex.Message);
    }
}
