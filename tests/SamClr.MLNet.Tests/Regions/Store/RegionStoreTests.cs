using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Store;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Store;

public class RegionStoreTests
{
    private static RegionStoreManifest Manifest(string threshold = "128", int? canvas = 8) =>
        new("test-threshold", new Dictionary<string, string> { ["threshold"] = threshold },
            new Dictionary<string, string>(), canvas, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));

    // Runs [3, 2, 5, 2] on a 4 x 3 image: area 4, box [1, 4) x [0, 3).
    private static Region Sample() => new(CocoRle.FromCounts(new[] { 3, 2, 5, 2 }, 3, 4), 0.9f, float.NaN, (1.5f, 2f), new CropBox(0, 0, 4, 3));

    [Fact]
    public void RoundTripsEntriesAndTheManifest()
    {
        using var folder = new StoreTestFolder();
        using (var store = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            store.Add("a/1.png", 4, 3, new[] { Sample(), new Region(CocoRle.FromCounts(new[] { 4, 4, 4 }, 3, 4)) });
            store.Add("b.bin#7", 4, 3, Array.Empty<Region>());
        }

        using var reopened = RegionStore.Open(folder.Path);
        Assert.Equal(new[] { "a/1.png", "b.bin#7" }, reopened.Keys);
        Assert.Equal(0, reopened.DiscardedTailBytes);
        Assert.Empty(reopened.Manifest.Differences(Manifest()));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), reopened.Manifest.CreatedUtc);
        var entry = reopened.Read("a/1.png")!;
        Assert.Equal((4, 3), (entry.Width, entry.Height));
        Assert.Equal(new[] { 3, 2, 5, 2 }, entry.Regions[0].Mask.Counts);
        Assert.Equal(new CropBox(1, 0, 4, 3), entry.Regions[0].Box);
        Assert.Equal(0.9f, entry.Regions[0].PredictedIou);
        Assert.True(float.IsNaN(entry.Regions[0].StabilityScore));
        Assert.Equal((1.5f, 2f), entry.Regions[0].Point);
        Assert.Equal(new CropBox(0, 0, 4, 3), entry.Regions[0].CropBox);
        Assert.Equal(new[] { 4, 4, 4 }, entry.Regions[1].Mask.Counts);
        Assert.Null(entry.Regions[1].Point);
        Assert.Null(entry.Regions[1].CropBox);
        Assert.Empty(reopened.Read("b.bin#7")!.Regions);
        Assert.Null(reopened.Read("missing.png"));
        Assert.Equal(new[] { "a/1.png", "b.bin#7" }, reopened.ReadAll().Select(e => e.Key));
        Assert.Throws<InvalidOperationException>(() => reopened.Add("c.png", 4, 3, Array.Empty<Region>()));
    }

    [Fact]
    public void RefusesDuplicateKeysAndMasksOfTheWrongSize()
    {
        using var folder = new StoreTestFolder();
        using var store = RegionStore.OpenOrCreate(folder.Path, Manifest());
        store.Add("a.png", 4, 3, new[] { Sample() });

        Assert.Throws<InvalidOperationException>(() => store.Add("a.png", 4, 3, new[] { Sample() }));
        Assert.Throws<ArgumentException>(() => store.Add("b.png", 5, 3, new[] { Sample() }));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void ASecondWriterIsRefusedWhileReadersAreAllowed()
    {
        using var folder = new StoreTestFolder();
        using var writer = RegionStore.OpenOrCreate(folder.Path, Manifest());
        writer.Add("a.png", 4, 3, new[] { Sample() });

        var error = Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest()));
        using var reader = RegionStore.Open(folder.Path);

        Assert.Contains("already open for writing", error.Message);
        Assert.Equal(new[] { "a.png" }, reader.Keys);
    }

    [Fact]
    public void OpeningWithOtherSettingsIsRefusedWithTheFix()
    {
        using var folder = new StoreTestFolder();
        RegionStore.OpenOrCreate(folder.Path, Manifest()).Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest(threshold: "100")));

        Assert.Contains("parameter 'threshold' 128 vs 100", error.Message);
        Assert.Contains("--out", error.Message);
        Assert.Contains("delete", error.Message);
        Assert.Contains("canvas size 8 vs (original image size)",
            Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest(canvas: null))).Message);
    }

    [Fact]
    public void ATornTailIsIgnoredThenCutOffAndTheEntryRedone()
    {
        using var folder = new StoreTestFolder();
        using (var store = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            store.Add("a.png", 4, 3, new[] { Sample() });
            store.Add("b.png", 4, 3, new[] { Sample() });
        }
        string log = Path.Combine(folder.Path, RegionStore.LogFileName);
        long intact = new FileInfo(log).Length;
        // A killed writer: the first 20 bytes of what would have been the record of c.png.
        var whole = File.ReadAllBytes(log);
        using (var append = new FileStream(log, FileMode.Append))
            append.Write(whole.AsSpan(0, 20));

        using (var reader = RegionStore.Open(folder.Path))
        {
            Assert.Equal(20, reader.DiscardedTailBytes);
            Assert.Equal(new[] { "a.png", "b.png" }, reader.ReadAll().Select(e => e.Key));
        }
        using (var writer = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            Assert.Equal(20, writer.DiscardedTailBytes);
            Assert.Equal(intact, new FileInfo(log).Length);
            writer.Add("c.png", 4, 3, new[] { Sample() });
        }
        using var clean = RegionStore.Open(folder.Path);
        Assert.Equal(0, clean.DiscardedTailBytes);
        Assert.Equal(new[] { "a.png", "b.png", "c.png" }, clean.ReadAll().Select(e => e.Key));
    }

    [Fact]
    public void ACorruptRecordEndsTheIntactPart()
    {
        using var folder = new StoreTestFolder();
        using (var store = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            store.Add("a.png", 4, 3, new[] { Sample() });
            store.Add("b.png", 4, 3, new[] { Sample() });
        }
        string log = Path.Combine(folder.Path, RegionStore.LogFileName);
        var bytes = File.ReadAllBytes(log);
        bytes[^1] ^= 0xFF; // flip the last payload byte of b.png: its CRC no longer matches
        File.WriteAllBytes(log, bytes);

        using var reopened = RegionStore.Open(folder.Path);

        Assert.Equal(new[] { "a.png" }, reopened.Keys);
        Assert.True(reopened.DiscardedTailBytes > 0);
    }

    [Fact]
    public void MergesShardStoresWithoutDuplicates()
    {
        using var folder = new StoreTestFolder();
        using (var first = RegionStore.OpenOrCreate(folder.Sub("s0"), Manifest()))
        {
            first.Add("a.png", 4, 3, new[] { Sample() });
            first.Add("c.png", 4, 3, Array.Empty<Region>());
        }
        using (var second = RegionStore.OpenOrCreate(folder.Sub("s1"), Manifest()))
            second.Add("b.png", 4, 3, new[] { Sample(), Sample() });

        var result = RegionStore.Merge(folder.Sub("all"), new[] { folder.Sub("s0"), folder.Sub("s1") });
        var again = RegionStore.Merge(folder.Sub("all"), new[] { folder.Sub("s1") });

        Assert.Equal(new RegionStoreMergeResult(3, 0), result);
        Assert.Equal(new RegionStoreMergeResult(0, 1), again);
        using var merged = RegionStore.Open(folder.Sub("all"));
        Assert.Equal(new[] { "a.png", "c.png", "b.png" }, merged.Keys);
        Assert.Equal(2, merged.Read("b.png")!.Regions.Count);
        Assert.Equal(new[] { 3, 2, 5, 2 }, merged.Read("a.png")!.Regions[0].Mask.Counts);
    }

    [Fact]
    public void MergeRefusesStoresWithOtherSettings()
    {
        using var folder = new StoreTestFolder();
        RegionStore.OpenOrCreate(folder.Sub("s0"), Manifest()).Dispose();
        RegionStore.OpenOrCreate(folder.Sub("s1"), Manifest(threshold: "64")).Dispose();

        var error = Assert.Throws<InvalidOperationException>(() => RegionStore.Merge(folder.Sub("all"), new[] { folder.Sub("s0"), folder.Sub("s1") }));

        Assert.Contains("threshold", error.Message);
        Assert.False(Directory.Exists(folder.Sub("all")));
    }

    [Fact]
    public void LogFramesKeepTheirFormatSoEarlierStoresStayReadable()
    {
        // A frame as every version wrote it: "RSR1", length 9, then the CRC-32 of the payload, little-endian. For the
        // payload "123456789" that CRC is the standard check value 0xCBF43926 (zlib's polynomial, which the store's
        // own table implementation used before System.IO.Hashing's Crc32 replaced it).
        byte[] frame = [(byte)'R', (byte)'S', (byte)'R', (byte)'1', 9, 0, 0, 0, 0x26, 0x39, 0xF4, 0xCB, .. "123456789"u8];
        Assert.Equal(frame, RegionLogFrame.Wrap("123456789"u8));
        using var stream = new MemoryStream(frame);
        Assert.Equal("123456789"u8.ToArray(), RegionLogFrame.TryRead(stream, frame.Length));
    }

    [Fact]
    public void KeysAreRelativeWithForwardSlashes()
    {
        string root = Path.Combine(Path.GetTempPath(), "data");
        Assert.Equal("train/cat/1.png", StoreKeys.ForFile(root, Path.Combine(root, "train", "cat", "1.png")));
        Assert.Equal("data_batch_1.bin#417", StoreKeys.FromSource(root, Path.Combine(root, "data_batch_1.bin") + "#417"));
        Assert.Equal("x#y.png", StoreKeys.FromSource(root, Path.Combine(root, "x#y.png")));
        Assert.Throws<ArgumentException>(() => StoreKeys.ForFile(root, Path.Combine(Path.GetTempPath(), "other", "1.png")));
    }
}
