using SamClr.MLNet.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class Cifar10ReaderTests
{
    /// <summary>Pixel byte k (0..3071, R plane then G then B) of image i.</summary>
    private static byte Value(int i, int k) => (byte)((i * 31 + k * 7) % 256);

    private static byte[] Records(params int[] labels)
    {
        var bytes = new byte[labels.Length * Cifar10Reader.RecordBytes];
        for (int i = 0; i < labels.Length; i++)
        {
            bytes[i * 3073] = (byte)labels[i];
            for (int k = 0; k < 3072; k++) bytes[i * 3073 + 1 + k] = Value(i, k);
        }
        return bytes;
    }

    [Fact]
    public void ReadsHandWrittenTestBatchPlaneByPlane()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("test_batch.bin"), Records(3, 0, 9, 1));
        var set = Cifar10Reader.Read(dir.Path, DataSplit.Test);
        Assert.Equal(4, set.Count);
        Assert.Equal(new[] { 3, 0, 9, 1 }, set.Labels);
        Assert.Equal("cat", set.ClassNames![3]); // no batches.meta.txt: the standard names
        // Image 2, green (plane 1), row 5, column 9: k = 1024 + 5*32 + 9 = 1193, value = (2*31 + 1193*7) % 256 = 8413 % 256 = 221.
        Assert.Equal(221, set.Image(2)[1 * 1024 + 5 * 32 + 9]);
        Assert.Equal(new ImageSize(32, 32), set.Sizes[2]);
        Assert.EndsWith("test_batch.bin#2", set.Sources![2]);
    }

    [Fact]
    public void WriterRoundTripsThroughTheSubFolder()
    {
        using var dir = new TempDirectory();
        var pixels = new byte[5 * 3072];
        for (int i = 0; i < 5; i++) for (int k = 0; k < 3072; k++) pixels[i * 3072 + k] = Value(i, k);
        string[] names = { "circle", "square", "triangle" };
        var train = new ImageSet(32, 32, pixels, labels: new[] { 0, 1, 2, 1, 0 }, classNames: names);
        var test = train.Subset(new[] { 4, 2 });
        Cifar10Writer.Write(Path.Combine(dir.Path, Cifar10Reader.SubFolder), train, test);

        var readTrain = Cifar10Reader.Read(dir.Path, DataSplit.Train);
        Assert.Equal(train.Pixels.ToArray(), readTrain.Pixels.ToArray());
        Assert.Equal(train.Labels, readTrain.Labels);
        Assert.Equal(names, readTrain.ClassNames);
        var readTest = Cifar10Reader.Read(dir.Path, DataSplit.Test);
        Assert.Equal(new[] { 0, 2 }, readTest.Labels);
        // Test image 0 is training image 4: blue (plane 2), row 31, column 0: k = 2048 + 992 = 3040, (124 + 21280) % 256 = 21404 % 256 = 156.
        Assert.Equal(156, readTest.Image(0)[3040]);
        Assert.Equal(2, Cifar10Reader.Read(dir.Path, DataSplit.Train, maxImages: 2).Count);
    }

    [Fact]
    public void TruncatedFileIsNamedWithItsLength()
    {
        using var dir = new TempDirectory();
        var path = dir.File("test_batch.bin");
        File.WriteAllBytes(path, Records(1, 2).Concat(new byte[100]).ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read(dir.Path, DataSplit.Test));
        Assert.Contains(path, ex.Message);
        Assert.Contains("6246 bytes", ex.Message); // 2 * 3073 + 100
        Assert.Contains("3073-byte", ex.Message);
    }

    [Fact]
    public void MissingBatchesAreListed()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("data_batch_1.bin"), Records(0));
        var ex = Assert.Throws<FileNotFoundException>(() => Cifar10Reader.Read(dir.Path, DataSplit.Train));
        Assert.Contains("data_batch_2.bin", ex.Message);
        Assert.Contains("data_batch_5.bin", ex.Message);
        Assert.DoesNotContain("missing data_batch_1.bin", ex.Message);
    }

    [Fact]
    public void LabelOutsideTheClassesIsAnError()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("test_batch.bin"), Records(1, 5));
        File.WriteAllText(dir.File("batches.meta.txt"), "cats\ndogs\n\n");
        var ex = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read(dir.Path, DataSplit.Test));
        Assert.Contains("record 1 has label 5", ex.Message);
        Assert.Contains("only 2 classes", ex.Message);
    }

    [Fact]
    public void AClassNameFileOfMoreThanTenClassesIsRefusedSoLabelsStayBelowTen()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("test_batch.bin"), Records(1, 10));
        File.WriteAllText(dir.File("batches.meta.txt"), string.Join("\n", Enumerable.Range(0, 11).Select(i => $"class{i}")));
        var ex = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read(dir.Path, DataSplit.Test));
        Assert.Contains("lists 11 class names, but CIFAR-10 has 10 classes", ex.Message);
        File.Delete(dir.File("batches.meta.txt"));
        Assert.Contains("has label 10", Assert.Throws<InvalidDataException>(() => Cifar10Reader.Read(dir.Path, DataSplit.Test)).Message);
    }
}
