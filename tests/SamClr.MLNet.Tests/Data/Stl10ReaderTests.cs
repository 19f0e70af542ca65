using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class Stl10ReaderTests
{
    /// <summary>The stored byte of image i, channel c, at (row, column): files hold each plane column by column.</summary>
    private static byte Value(int i, int c, int row, int column) => (byte)((7 * column + 3 * row + 100 * c + 11 * i) % 256);

    private static byte[] ImageFile(int count)
    {
        var bytes = new byte[count * Stl10Reader.ImageBytes];
        for (int i = 0; i < count; i++)
            for (int c = 0; c < 3; c++)
                for (int column = 0; column < 96; column++)
                    for (int row = 0; row < 96; row++)
                        bytes[i * 27648 + c * 9216 + column * 96 + row] = Value(i, c, row, column);
        return bytes;
    }

    [Fact]
    public void TransposesColumnMajorPlanes()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("train_X.bin"), ImageFile(3));
        File.WriteAllBytes(dir.File("train_y.bin"), new byte[] { 3, 1, 10 });
        var set = Stl10Reader.Read(dir.Path, DataSplit.Train);
        Assert.Equal(3, set.Count);
        Assert.Equal(new[] { 2, 0, 9 }, set.Labels); // labels 1..10 become 0..9
        Assert.Equal("truck", set.ClassNames![9]);
        // Image 1, blue, row 4, column 10: (7*10 + 3*4 + 200 + 11) % 256 = 293 % 256 = 37 at planar offset 2*9216 + 4*96 + 10.
        // Without the transpose the reader would return (7*4 + 3*10 + 200 + 11) % 256 = 13.
        Assert.Equal(37, set.Image(1)[2 * 9216 + 4 * 96 + 10]);
        // Image 2, red, row 95, column 0: (0 + 285 + 0 + 22) % 256 = 51.
        Assert.Equal(51, set.Image(2)[95 * 96]);
    }

    [Fact]
    public void WriterReproducesTheFilesAndUnlabeledHasNoLabels()
    {
        using var source = new TempDirectory();
        var raw = ImageFile(3);
        File.WriteAllBytes(source.File(Stl10Reader.SubFolder, "test_X.bin"), raw);
        File.WriteAllBytes(source.File(Stl10Reader.SubFolder, "test_y.bin"), new byte[] { 2, 2, 1 });
        File.WriteAllBytes(source.File(Stl10Reader.SubFolder, "unlabeled_X.bin"), raw);
        File.WriteAllText(source.File(Stl10Reader.SubFolder, "class_names.txt"), "a\nb\n");
        var test = Stl10Reader.Read(source.Path, DataSplit.Test);
        Assert.Equal(new[] { "a", "b" }, test.ClassNames);

        using var copy = new TempDirectory();
        Stl10Writer.WriteSplit(copy.Path, DataSplit.Test, test);
        Stl10Writer.WriteClassNames(copy.Path, test.ClassNames!);
        Assert.Equal(raw, File.ReadAllBytes(Path.Combine(copy.Path, "test_X.bin")));
        Assert.Equal(new byte[] { 2, 2, 1 }, File.ReadAllBytes(Path.Combine(copy.Path, "test_y.bin")));
        Assert.Equal("a\nb\n", File.ReadAllText(Path.Combine(copy.Path, "class_names.txt")));

        var unlabeled = Stl10Reader.Read(source.Path, DataSplit.Unlabeled, maxImages: 2);
        Assert.Equal(2, unlabeled.Count);
        Assert.Null(unlabeled.Labels);
        Assert.Equal(test.Image(1).ToArray(), unlabeled.Image(1).ToArray());
    }

    [Fact]
    public void BadFilesGiveClearErrors()
    {
        using var dir = new TempDirectory();
        var xPath = dir.File("train_X.bin");
        File.WriteAllBytes(xPath, ImageFile(2));
        var missing = Assert.Throws<FileNotFoundException>(() => Stl10Reader.Read(dir.Path, DataSplit.Train));
        Assert.Contains("train_y.bin", missing.Message);

        File.WriteAllBytes(dir.File("train_y.bin"), new byte[] { 1 });
        var count = Assert.Throws<InvalidDataException>(() => Stl10Reader.Read(dir.Path, DataSplit.Train));
        Assert.Contains("has 1 labels", count.Message);
        Assert.Contains("has 2 images", count.Message);

        File.WriteAllBytes(dir.File("train_y.bin"), new byte[] { 1, 0 });
        var zero = Assert.Throws<InvalidDataException>(() => Stl10Reader.Read(dir.Path, DataSplit.Train));
        Assert.Contains("label 1 is 0", zero.Message);

        File.WriteAllBytes(xPath, new byte[27648 + 5]);
        var truncated = Assert.Throws<InvalidDataException>(() => Stl10Reader.Read(dir.Path, DataSplit.Train));
        Assert.Contains(xPath, truncated.Message);
        Assert.Contains("27653 bytes", truncated.Message);
    }
}
