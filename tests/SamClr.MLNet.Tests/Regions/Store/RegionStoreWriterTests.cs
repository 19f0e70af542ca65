using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Store;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Store;

public class RegionStoreWriterTests
{
    private const int Canvas = 8;

    /// <summary>
    /// Image i on an 8-pixel canvas with valid size 6 x 5: red is 255 where (x + y + i) is even, green is 255 where
    /// x &gt;= i mod 6; the padding outside 6 x 5 is 255 in every channel, so a proposer that saw the padding would be caught.
    /// </summary>
    private static DecodedImage Image(int i)
    {
        var pixels = new byte[3 * Canvas * Canvas];
        Array.Fill(pixels, (byte)255);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++)
            {
                pixels[(0 * Canvas + y) * Canvas + x] = (byte)((x + y + i) % 2 == 0 ? 255 : 0);
                pixels[(1 * Canvas + y) * Canvas + x] = (byte)(x >= i % 6 ? 255 : 0);
                pixels[(2 * Canvas + y) * Canvas + x] = 0;
            }
        return new DecodedImage(pixels, new ImageSize(6, 5));
    }

    private static List<(string Key, Func<DecodedImage> Load)> Images(int count, Func<int, DecodedImage>? load = null) =>
        Enumerable.Range(0, count).Select(i => ($"img/{i}.png", (Func<DecodedImage>)(() => (load ?? Image)(i)))).ToList();

    private static RegionStoreManifest ManifestFor(ThresholdProposer proposer) => RegionStoreManifest.For(proposer, Canvas);

    /// <summary>Checks that the entry of image i holds exactly the two threshold regions of its 6 x 5 valid extent.</summary>
    private static void AssertRegionsOf(int i, StoreEntry entry)
    {
        Assert.Equal((6, 5), (entry.Width, entry.Height));
        Assert.Equal(2, entry.Regions.Count);
        var red = entry.Regions[0].Mask.Decode();
        var green = entry.Regions[1].Mask.Decode();
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 6; x++)
            {
                Assert.Equal((x + y + i) % 2 == 0, red[x, y]);
                Assert.Equal(x >= i % 6, green[x, y]);
            }
        // Red checkerboard over 30 pixels: 15 on. Green: columns i mod 6 .. 5, 5 rows each.
        Assert.Equal(15, entry.Regions[0].Area);
        Assert.Equal(5 * (6 - i % 6), entry.Regions[1].Area);
    }

    [Fact]
    public void AKilledAndResumedRunLosesAndDuplicatesNothing()
    {
        using var folder = new StoreTestFolder();
        var proposer = new ThresholdProposer();
        using var cancel = new CancellationTokenSource();
        // First run: cancelled after the 4th image is reported.
        using (var store = RegionStore.OpenOrCreate(folder.Path, ManifestFor(proposer)))
        {
            var progress = new SyncProgress(p => { if (p.Seen == 4) cancel.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => RegionStoreWriter.Run(store, Images(10), proposer, progress: progress, cancellation: cancel.Token));
            Assert.Equal(4, store.Count);
        }
        // Then a kill in the middle of writing image 4: half of a valid record left at the end of the log.
        string log = Path.Combine(folder.Path, RegionStore.LogFileName);
        var bytes = File.ReadAllBytes(log);
        using (var append = new FileStream(log, FileMode.Append))
            append.Write(bytes.AsSpan(0, bytes.Length / 8));

        var resumed = new ThresholdProposer();
        RegionStoreRunResult result;
        using (var store = RegionStore.OpenOrCreate(folder.Path, ManifestFor(resumed)))
        {
            Assert.True(store.DiscardedTailBytes > 0);
            result = RegionStoreWriter.Run(store, Images(10), resumed);
        }

        Assert.Equal(6, result.Written);
        Assert.Equal(4, result.AlreadyStored);
        Assert.Empty(result.Failures);
        Assert.Equal(6, resumed.Calls); // only the images the first run had not stored
        using var final = RegionStore.Open(folder.Path);
        var entries = final.ReadAll().ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"img/{i}.png").Order(), entries.Select(e => e.Key).Order());
        for (int i = 0; i < 10; i++)
            AssertRegionsOf(i, final.Read($"img/{i}.png")!);
    }

    [Fact]
    public void FailuresAreCountedWithTheImageNameAndRetriedLater()
    {
        using var folder = new StoreTestFolder();
        var proposer = new ThresholdProposer();
        using var store = RegionStore.OpenOrCreate(folder.Path, ManifestFor(proposer));
        var reports = new List<RegionStoreProgress>();

        var first = RegionStoreWriter.Run(store, Images(3, i => i == 1 ? throw new InvalidDataException("corrupt PNG") : Image(i)),
            proposer, progress: new SyncProgress(reports.Add));
        var second = RegionStoreWriter.Run(store, Images(3), proposer);

        Assert.Equal(2, first.Written);
        Assert.Equal(("img/1.png", "corrupt PNG"), Assert.Single(first.Failures));
        Assert.Equal(new RegionStoreProgress(3, 3, 2, 0, 1, "img/2.png"), reports[^1]);
        Assert.Equal(1, second.Written);
        Assert.Equal(2, second.AlreadyStored);
        AssertRegionsOf(1, store.Read("img/1.png")!);
    }

    [Fact]
    public void ShardsSplitTheImagesAndMergeBackToAll()
    {
        using var folder = new StoreTestFolder();
        var proposer = new ThresholdProposer();
        var parts = new List<string>();
        int written = 0;
        for (int s = 0; s < 2; s++)
        {
            string path = folder.Sub($"shard{s}");
            parts.Add(path);
            using var store = RegionStore.OpenOrCreate(path, ManifestFor(proposer));
            var result = RegionStoreWriter.Run(store, Images(12), proposer, new ShardSpec(s, 2));
            Assert.Equal(12, result.Written + result.OtherShards);
            Assert.All(store.Keys, key => Assert.True(new ShardSpec(s, 2).Contains(key)));
            written += result.Written;
        }

        RegionStore.Merge(folder.Sub("all"), parts);

        Assert.Equal(12, written);
        using var all = RegionStore.Open(folder.Sub("all"));
        Assert.Equal(12, all.Count);
        AssertRegionsOf(7, all.Read("img/7.png")!);
    }

    [Fact]
    public void AProposerWithOtherSettingsIsRefused()
    {
        using var folder = new StoreTestFolder();
        using var store = RegionStore.OpenOrCreate(folder.Path, ManifestFor(new ThresholdProposer(128)));

        var error = Assert.Throws<InvalidOperationException>(() => RegionStoreWriter.Run(store, Images(1), new ThresholdProposer(100)));

        Assert.Contains("threshold", error.Message);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void StoresImportedRegionsThroughTheSameLoop()
    {
        using var folder = new StoreTestFolder();
        var manifest = new RegionStoreManifest("amg-import", new Dictionary<string, string>(), new Dictionary<string, string>(), null, DateTimeOffset.UnixEpoch);
        using var store = RegionStore.OpenOrCreate(folder.Path, manifest);
        var items = new[] { ("a.png", (Func<ImageRegions>)(() => new ImageRegions(4, 3, Array.Empty<SamClr.MLNet.Regions.Region>()))) };

        var result = RegionStoreWriter.Run(store, items);

        Assert.Equal(1, result.Written);
        Assert.Equal((4, 3), (store.Read("a.png")!.Width, store.Read("a.png")!.Height));
    }

    private sealed class SyncProgress(Action<RegionStoreProgress> report) : IProgress<RegionStoreProgress>
    {
        public void Report(RegionStoreProgress value) => report(value);
    }
}
