using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Training;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Featurization;

public class DataViewImagesTests
{
    [Fact]
    public void AnImageSetViewIsUsedAsItIsWithoutACopy()
    {
        var ml = new MLContext();
        var objects = SyntheticSceneGenerator.GenerateObjects(3, 8, 0);
        using var training = DataViewImages.ReadForTraining(objects.ToDataView(ml), "Image", null, 2048);
        Assert.Same(objects, training.Images);
        Assert.False(training.Copied);
    }

    [Fact]
    public void LoadImagesColumnIsCopiedAtFullResolutionIntoATemporaryStoreThatDisposeDeletes()
    {
        using var folder = new TempDirectory();
        // A 300x100 image: a horizontal ramp in red, green 7, blue 200 (PNG, so decoding is exact).
        File.WriteAllBytes(folder.File("wide.png"), TestImages.Encode(300, 100, (x, _) => new SKColor((byte)(x * 255 / 299), 7, 200)));
        File.WriteAllBytes(folder.File("small.png"), TestImages.Encode(20, 30, (_, y) => new SKColor(9, (byte)y, 3)));
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(new[] { new ImageRow { Path = "wide.png" }, new ImageRow { Path = "small.png" } });
        var data = ml.Transforms.LoadImages("Image", folder.Path, nameof(ImageRow.Path)).Fit(rows).Transform(rows);
        string work = folder.File("work");
        Directory.CreateDirectory(work);
        string store;
        using (var training = DataViewImages.ReadForTraining(data, "Image", null, maxSide: 2048, workingDirectory: work))
        {
            Assert.True(training.Copied);
            Assert.Equal(new[] { new ImageSize(300, 100), new ImageSize(20, 30) }, training.Images.Sizes);
            var wide = training.Images.ReadImage(0);
            Assert.Equal(new byte[] { 0, 7, 200 }, wide[..3]);
            Assert.Equal(new byte[] { 255, 7, 200 }, wide[(3 * 299)..(3 * 300)]);
            Assert.Equal(new byte[] { 9, 29, 3 }, training.Images.ReadImage(1)[^3..]);
            store = Assert.Single(Directory.GetDirectories(work));
        }
        Assert.False(Directory.Exists(store));
    }

    [Fact]
    public void AnImageLongerThanMaxSideIsShrunkAndItsRegionsScaled()
    {
        using var folder = new TempDirectory();
        File.WriteAllBytes(folder.File("big.png"), TestImages.Encode(400, 200, (_, _) => new SKColor(50, 60, 70)));
        var ml = new MLContext();
        var rows = ml.Data.LoadFromEnumerable(new[] { new ImageRow { Path = "big.png", Regions = new float[] { 100, 50, 300, 150 } } });
        var data = ml.Transforms.LoadImages("Image", folder.Path, nameof(ImageRow.Path)).Fit(rows).Transform(rows);
        using var training = DataViewImages.ReadForTraining(data, "Image", nameof(ImageRow.Regions), maxSide: 100, workingDirectory: folder.Path);
        Assert.Equal(new ImageSize(100, 50), training.Images.Sizes[0]);
        Assert.Equal(new SamClr.MLNet.Data.CropBox(25, 12.5f, 75, 37.5f), Assert.Single(training.Regions![0]));
    }

    [Fact]
    public void NonImageColumnGetsAnErrorThatSaysHowToLoadImages()
    {
        var ml = new MLContext();
        var data = SyntheticSceneGenerator.GenerateObjects(2, 8, 0).ToDataView(ml);
        var ex = Assert.Throws<ArgumentException>(() => DataViewImages.ReadForTraining(data, "Label", null, 2048));
        Assert.Contains("LoadImages", ex.Message);
    }

    private sealed class ImageRow
    {
        public string Path { get; set; } = "";

        [Microsoft.ML.Data.VectorType]
        public float[] Regions { get; set; } = Array.Empty<float>();
    }
}
