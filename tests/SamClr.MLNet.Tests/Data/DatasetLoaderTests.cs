using SamClr.MLNet.Data;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class DatasetLoaderTests
{
    /// <summary>Two 32x32 CIFAR images: image i has red = 200 in columns 0..15 and 0 elsewhere, green = 10 * (i + 1), blue = 0; labels 1 and 0.</summary>
    private static void WriteCifar(string directory)
    {
        var pixels = new byte[2 * 3072];
        for (int i = 0; i < 2; i++)
            for (int y = 0; y < 32; y++)
                for (int x = 0; x < 32; x++)
                {
                    pixels[i * 3072 + y * 32 + x] = (byte)(x < 16 ? 200 : 0);
                    pixels[i * 3072 + 1024 + y * 32 + x] = (byte)(10 * (i + 1));
                }
        var set = new ImageSet(32, 32, pixels, labels: new[] { 1, 0 }, classNames: new[] { "a", "b" });
        Cifar10Writer.Write(directory, set, set);
    }

    [Fact]
    public void DetectsEachFormat()
    {
        using var dir = new TempDirectory();
        WriteCifar(dir.File("cifar", Cifar10Reader.SubFolder));
        Assert.Equal(DatasetFormat.Cifar10, DatasetFormats.Detect(dir.File("cifar")));
        Assert.Equal(DatasetFormat.Cifar10, DatasetFormats.Detect(dir.File("cifar", Cifar10Reader.SubFolder)));

        File.WriteAllBytes(dir.File("stl", Stl10Reader.SubFolder, "unlabeled_X.bin"), new byte[Stl10Reader.ImageBytes]);
        Assert.Equal(DatasetFormat.Stl10, DatasetFormats.Detect(dir.File("stl")));

        File.WriteAllBytes(dir.File("photos", "deep", "er", "x.JPG"), TestImages.Encode(2, 2, (_, _) => SKColors.Red, SKEncodedImageFormat.Jpeg));
        Assert.Equal(DatasetFormat.Folder, DatasetFormats.Detect(dir.File("photos")));

        File.WriteAllText(dir.File("nothing", "data.csv"), "1,2,3");
        var ex = Assert.Throws<InvalidDataException>(() => DatasetFormats.Detect(dir.File("nothing")));
        Assert.Contains("not a recognisable data set", ex.Message);
        Assert.Contains("test_batch.bin", ex.Message);
        Assert.Contains("train_X.bin", ex.Message);
        Assert.Contains(".png", ex.Message);
        Assert.Throws<DirectoryNotFoundException>(() => DatasetFormats.Detect(dir.File("missing")));
    }

    [Fact]
    public void LoadsCifarAtNativeSizeExactlyAndResizesOtherwise()
    {
        using var dir = new TempDirectory();
        WriteCifar(dir.Path);
        var native = DatasetLoader.Load(dir.Path, null, DataSplit.Test, 32);
        Assert.Equal(32, native.Width);
        Assert.Equal(200, native.Image(0)[5 * 32 + 15]);
        Assert.Equal(0, native.Image(0)[5 * 32 + 16]);

        var big = DatasetLoader.Load(dir.Path, DatasetFormat.Cifar10, DataSplit.Train, 64);
        Assert.Equal((64, 64, 2), (big.Width, big.Height, big.Count));
        Assert.Equal(new ImageSize(64, 64), big.Sizes[1]);
        Assert.Equal(new[] { 1, 0 }, big.Labels);
        // Red column 15 maps to columns 30..31 on the doubled canvas; far from the edge the values stay 200 and 0.
        Assert.InRange(big.Image(0)[10 * 64 + 10], 197, 203);
        Assert.InRange(big.Image(0)[10 * 64 + 50], 0, 3);
        Assert.InRange(big.Image(1)[4096 + 40 * 64 + 40], 19, 21); // green of image 1 = 20
    }

    [Fact]
    public void LoadsStlAndFolders()
    {
        using var dir = new TempDirectory();
        var stl = new ImageSet(96, 96, Enumerable.Repeat((byte)77, 2 * Stl10Reader.ImageBytes).ToArray());
        Stl10Writer.WriteSplit(dir.File("stl"), DataSplit.Unlabeled, stl);
        var small = DatasetLoader.Load(dir.File("stl"), null, DataSplit.Unlabeled, 48, maxImages: 1);
        Assert.Equal((48, 1), (small.Width, small.Count));
        Assert.InRange(small.Image(0)[2 * 2304 + 47 * 48 + 47], 76, 78);

        File.WriteAllBytes(dir.File("folder", "ants", "a.png"), TestImages.Encode(4, 4, (_, _) => new SKColor(1, 2, 3)));
        File.WriteAllBytes(dir.File("folder", "bees", "b.png"), TestImages.Encode(4, 4, (_, _) => new SKColor(4, 5, 6)));
        var labelled = DatasetLoader.Load(dir.File("folder"), null, DataSplit.Train, 4);
        Assert.Equal(new[] { "ants", "bees" }, labelled.ClassNames);
        Assert.Equal(new[] { 0, 1 }, labelled.Labels);
        var unlabelled = DatasetLoader.Load(dir.File("folder"), DatasetFormat.Folder, DataSplit.Unlabeled, 4);
        Assert.Null(unlabelled.Labels);
        Assert.Equal(6, unlabelled.Image(1)[2 * 16]);
    }
}
