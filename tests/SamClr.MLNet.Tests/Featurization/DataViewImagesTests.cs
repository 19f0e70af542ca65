using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Featurization;

public class DataViewImagesTests
{
    [Fact]
    public void WideImageIsResizedToFitAndPaddedBelow()
    {
        // A uniform 4x2 RGBA image (R 200, G 100, B 50). On a 2-px canvas it becomes 2x1 (resizing keeps a
        // uniform colour exactly), followed by one zero row of padding in each plane.
        var rgba = new byte[4 * 2 * 4];
        for (int i = 0; i < 8; i++) { rgba[4 * i] = 200; rgba[4 * i + 1] = 100; rgba[4 * i + 2] = 50; rgba[4 * i + 3] = 255; }
        using var image = MLImage.CreateFromPixels(4, 2, MLPixelFormat.Rgba32, rgba);
        var (canvas, size) = DataViewImages.ToCanvas(image, 2);
        Assert.Equal(new ImageSize(2, 1), size);
        Assert.Equal(new byte[] { 200, 200, 0, 0, 100, 100, 0, 0, 50, 50, 0, 0 }, canvas);
    }

    [Fact]
    public void ReadsAnImageColumnIntoAnImageSet()
    {
        var ml = new MLContext();
        var objects = SyntheticSceneGenerator.GenerateObjects(3, 8, 0);
        var set = DataViewImages.Read(objects.ToDataView(ml), "Image", 8);
        Assert.Equal(3, set.Count);
        Assert.True(set.Pixels.SequenceEqual(objects.Pixels));
    }

    [Fact]
    public void NonImageColumnGetsAnErrorThatSaysHowToLoadImages()
    {
        var ml = new MLContext();
        var data = SyntheticSceneGenerator.GenerateObjects(2, 8, 0).ToDataView(ml);
        var ex = Assert.Throws<ArgumentException>(() => DataViewImages.Read(data, "Label", 8));
        Assert.Contains("LoadImages", ex.Message);
    }
}
