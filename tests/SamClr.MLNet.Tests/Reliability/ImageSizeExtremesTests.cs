using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Training;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>Images far smaller than the view size and very large images are used correctly, not skipped or crashed on.</summary>
public class ImageSizeExtremesTests
{
    [Fact]
    public void ImagesSmallerThanTheViewSizeAreEnlargedAndTrainOn()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-tiny-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            // Eight 6x4 images (left half red, right half blue) for 16 px views on a 32 px canvas.
            for (int i = 0; i < 8; i++)
                File.WriteAllBytes(Path.Combine(folder, $"tiny-{i}.png"),
                    TestImages.Encode(6, 4, (x, y) => x < 3 ? new SKColor(255, 0, (byte)(i * 30)) : new SKColor(0, 0, 255)));
            var images = ImageFolderReader.ReadUnlabelled(folder, 32);
            Assert.Equal(8, images.Count);
            Assert.Equal(0, images.Skipped);
            // 6x4 enlarged so the longest side is 32: 32x21 (4 x 32/6 = 21.3, rounded down or to nearest).
            Assert.Equal(32, images.Sizes[0].Width);
            Assert.InRange(images.Sizes[0].Height, 21, 22);
            // Far left is red, far right is blue after enlarging.
            var first = images.Image(0);
            Assert.True(first[0] > 200 && first[2 * 32 * 32] < 60);
            Assert.True(first[31] < 60 && first[2 * 32 * 32 + 31] > 200);

            var ml = new MLContext(seed: 1);
            var options = new SimClrOptions
            {
                Backbone = "small-cnn", ViewSize = 16,
                Training = new PretrainingOptions { Epochs = 1, BatchSize = 8, Device = ComputeDevice.Cpu },
            };
            using var featurizer = ml.Transforms.SimClr(options).Fit(images.ToDataView(ml));
            Assert.True(float.IsFinite(featurizer.History!.StepLosses.Single()));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void VeryLargeImageIsReducedOntoTheCanvas()
    {
        // A 2400x1800 JPEG (4.3 megapixels) with a white square in its top-left quarter, decoded onto a 64 px canvas.
        var jpeg = TestImages.Encode(2400, 1800, (x, y) => x < 1200 && y < 900 ? SKColors.White : SKColors.Black, SKEncodedImageFormat.Jpeg, 90);
        var image = ImageDecoder.Decode(jpeg, 64, "huge.jpg");
        Assert.Equal(new ImageSize(64, 48), image.Size);
        int n = 64;
        Assert.True(image.Pixels[10 * n + 10] > 200, "the top-left quarter stays white");
        Assert.True(image.Pixels[40 * n + 50] < 50, "the bottom-right stays black");
    }
}
