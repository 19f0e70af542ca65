using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ImageStoreTests
{
    /// <summary>Writes <paramref name="count"/> PNGs of different sizes (image i is (20 + i) x (10 + 2 i), red = i, green = x, blue = y).</summary>
    private static List<string> WriteImages(TempDirectory folder, int count)
    {
        var files = new List<string>();
        for (int i = 0; i < count; i++)
        {
            string path = folder.File("images", $"img-{i:D2}.png");
            File.WriteAllBytes(path, TestImages.Encode(20 + i, 10 + 2 * i, (x, y) => new SKColor((byte)i, (byte)x, (byte)y)));
            files.Add(path);
        }
        return files;
    }

    [Fact]
    public void StoresEveryImageAtItsOwnSizeAndSkipsUnreadableOnesByName()
    {
        using var folder = new TempDirectory();
        var files = WriteImages(folder, 5);
        File.WriteAllBytes(folder.File("images", "broken.png"), new byte[] { 1, 2, 3 });
        files.Insert(2, folder.File("images", "broken.png"));
        var warnings = new List<string>();
        using var store = ImageStore.Build(folder.File("store"), files, options: new ImageStoreOptions { MaxDegreeOfParallelism = 2 }, warn: warnings.Add);
        Assert.Equal(5, store.Count);
        Assert.Equal(1, store.Skipped);
        Assert.Contains("broken.png", Assert.Single(warnings));
        for (int k = 0; k < 5; k++)
        {
            int i = k;
            Assert.Equal(new ImageSize(20 + i, 10 + 2 * i), store.Sizes[k]);
            var rgb = store.ReadImage(k);
            int w = 20 + i, y = 7, x = 13;
            Assert.Equal(new byte[] { (byte)i, (byte)x, (byte)y }, rgb[(3 * (y * w + x))..(3 * (y * w + x) + 3)]);
        }
        Assert.Equal(files.Where(f => !f.EndsWith("broken.png")).ToArray(), store.Sources);
    }

    [Fact]
    public void ReadRowsReadsOnlyTheRowsAsked()
    {
        using var folder = new TempDirectory();
        using var store = ImageStore.Build(folder.File("store"), WriteImages(folder, 3));
        var rows = new byte[3 * 22 * 2];
        store.ReadRows(2, 5, 7, rows);
        Assert.Equal(new byte[] { 2, 0, 5 }, rows[..3]);
        Assert.Equal(new byte[] { 2, 21, 6 }, rows[^3..]);
        Assert.Throws<ArgumentOutOfRangeException>(() => store.ReadRows(2, 10, 15, new byte[3 * 22 * 5]));
    }

    [Fact]
    public void ASecondBuildReusesTheStoreAndOtherFilesAreRefusedWithTheFix()
    {
        using var folder = new TempDirectory();
        var files = WriteImages(folder, 4);
        string directory = folder.File("store");
        ImageStore.Build(directory, files).Dispose();
        var written = File.GetLastWriteTimeUtc(Path.Combine(directory, "pixels.bin"));
        using (var again = ImageStore.Build(directory, files)) Assert.Equal(4, again.Count);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(directory, "pixels.bin")));
        var error = Assert.Throws<InvalidOperationException>(() => ImageStore.Build(directory, files.Take(3).ToArray()));
        Assert.Contains(directory, error.Message);
        Assert.Contains("another folder", error.Message);
    }

    [Fact]
    public void AnInterruptedBuildResumesAndEndsWithTheSameBytesAsAnUninterruptedOne()
    {
        using var folder = new TempDirectory();
        var files = WriteImages(folder, 12);
        string whole = folder.File("whole"), resumed = folder.File("resumed");
        ImageStore.Build(whole, files, options: new ImageStoreOptions { MaxDegreeOfParallelism = 1 }).Dispose();

        // Stop after the first batch (4 images at one thread), then tear the index as a crash in mid-write would.
        using (var stop = new CancellationTokenSource())
        {
            var progress = new Inline<ImageStoreProgress>(_ => stop.Cancel());
            Assert.ThrowsAny<OperationCanceledException>(() =>
                ImageStore.Build(resumed, files, options: new ImageStoreOptions { MaxDegreeOfParallelism = 1 }, progress: progress, cancellation: stop.Token));
        }
        Assert.Throws<InvalidDataException>(() => ImageStore.Open(resumed));
        using (var index = File.Open(Path.Combine(resumed, "index.bin"), FileMode.Append)) index.Write(new byte[] { 40, 0, 0, 0, 9, 9 });
        ImageStore.Build(resumed, files, options: new ImageStoreOptions { MaxDegreeOfParallelism = 1 }).Dispose();
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "pixels.bin")), File.ReadAllBytes(Path.Combine(resumed, "pixels.bin")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "index.bin")), File.ReadAllBytes(Path.Combine(resumed, "index.bin")));
    }

    [Fact]
    public void LargeImagesAreCappedAtMaxSideAndKeepTheirOriginalSize()
    {
        using var folder = new TempDirectory();
        string path = folder.File("big.png");
        File.WriteAllBytes(path, TestImages.Encode(400, 100, (_, _) => new SKColor(30, 40, 50)));
        using var store = ImageStore.Build(folder.File("store"), new[] { path }, options: new ImageStoreOptions { MaxSide = 200 });
        Assert.Equal(new ImageSize(200, 50), store.Sizes[0]);
        Assert.Equal(new ImageSize(400, 100), store.OriginalSizes[0]);
        Assert.All(store.ReadImage(0).Chunk(3), p => Assert.Equal(new byte[] { 30, 40, 50 }, p));
    }

    [Fact]
    public void OpeningAFolderWithoutAStoreNamesThePathAndHowToBuildOne()
    {
        using var folder = new TempDirectory();
        var error = Assert.Throws<DirectoryNotFoundException>(() => ImageStore.Open(folder.Path));
        Assert.Contains(folder.Path, error.Message);
        Assert.Contains("ImageStore.Build", error.Message);
    }

    [Fact]
    public void ALabelledFolderKeepsItsLabelsAndServesAsADataView()
    {
        using var folder = new TempDirectory();
        var files = WriteImages(folder, 4);
        using var store = ImageStore.Build(folder.File("store"), files, new[] { 1, 0, 1, 0 }, new[] { "cat", "dog" });
        Assert.Equal(new[] { 1, 0, 1, 0 }, store.Labels);
        var ml = new Microsoft.ML.MLContext();
        var labels = store.ToDataView(ml).GetColumn<string>("Label").ToArray();
        Assert.Equal(new[] { "dog", "cat", "dog", "cat" }, labels);
    }

    /// <summary>Reports on the calling thread.</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
