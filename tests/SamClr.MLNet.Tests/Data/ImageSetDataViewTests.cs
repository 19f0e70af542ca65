using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ImageSetDataViewTests
{
    /// <summary>
    /// Two images on a 2x2 canvas. Image 0 fills it: R = 10 20 / 30 40, G = 50 60 / 70 80, B = 90 100 / 110 120.
    /// Image 1 is 1 wide x 2 high, uniformly (33, 66, 99); its right column is padding (left zero).
    /// </summary>
    private static ImageSet TwoImages(bool labelled)
    {
        var pixels = new byte[2 * 12];
        for (int k = 0; k < 12; k++) pixels[k] = (byte)(10 * (k + 1));
        foreach (var (c, v) in new[] { (0, 33), (1, 66), (2, 99) })
        {
            pixels[12 + 4 * c + 0] = (byte)v; // row 0, column 0
            pixels[12 + 4 * c + 2] = (byte)v; // row 1, column 0
        }
        var sizes = new[] { new ImageSize(2, 2), new ImageSize(1, 2) };
        return labelled
            ? new ImageSet(2, 2, pixels, sizes, new[] { 1, 0 }, new[] { "cat", "dog" })
            : new ImageSet(2, 2, pixels, sizes);
    }

    /// <summary>The image column read through a cursor (GetColumn does not support MLImage).</summary>
    private static List<MLImage> Images(IDataView view)
    {
        var images = new List<MLImage>();
        using var cursor = view.GetRowCursor(new[] { view.Schema["Image"] });
        var getter = cursor.GetGetter<MLImage>(view.Schema["Image"]);
        while (cursor.MoveNext())
        {
            MLImage image = null!;
            getter(ref image);
            images.Add(image);
        }
        return images;
    }

    [Fact]
    public void MLNetImageTransformsConsumeTheView()
    {
        var ml = new MLContext(seed: 1);
        var view = TwoImages(labelled: true).ToDataView(ml);
        var imageType = Assert.IsType<ImageDataViewType>(view.Schema["Image"].Type);
        Assert.Equal((0, 0), (imageType.Width, imageType.Height)); // sizes vary per image

        Assert.Equal(TextDataViewType.Instance, view.Schema["Label"].Type);

        var images = Images(view);
        Assert.Equal((2, 2), (images[0].Width, images[0].Height));
        Assert.Equal((1, 2), (images[1].Width, images[1].Height)); // cropped to the valid size

        var pipeline = ml.Transforms.ResizeImages("Resized", 2, 2, "Image")
            .Append(ml.Transforms.ExtractPixels("Pixels", "Resized", interleavePixelColors: false))
            .Append(ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label"));
        var transformed = pipeline.Fit(view).Transform(view);
        var pixels = transformed.GetColumn<float[]>("Pixels").ToArray();
        // Image 0 is already 2x2, so resizing keeps it; ExtractPixels writes the R, G then B planes: 10, 20, ..., 120.
        Assert.Equal(Enumerable.Range(1, 12).Select(k => 10f * k).ToArray(), pixels[0]);
        // Image 1 is uniform, so any resize gives (33, 66, 99) everywhere.
        for (int k = 0; k < 12; k++) Assert.InRange(pixels[1][k], 33f * (k / 4 + 1) - 1, 33f * (k / 4 + 1) + 1);
        // MapValueToKey numbers labels in order of appearance: "dog" (row 0) -> 1, "cat" (row 1) -> 2.
        Assert.Equal(new uint[] { 1, 2 }, transformed.GetColumn<uint>("LabelKey").ToArray());
        Assert.Equal(new[] { "dog", "cat" }, transformed.GetColumn<string>("Label").ToArray());
    }

    [Fact]
    public void UnlabelledViewHasOnlyTheImageColumn()
    {
        var view = TwoImages(labelled: false).ToDataView(new MLContext(seed: 1));
        Assert.Single(view.Schema);
        Assert.Equal("Image", view.Schema[0].Name);
        Assert.Equal(2, Images(view).Count);
    }
}
