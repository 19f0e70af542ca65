using System.Diagnostics;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Store;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Store;

/// <summary>Damage in the middle of the log, salvage, the writer's lock file, append-only writes, manifest rebuild and shard completeness at merge.</summary>
[Collection(SequentialCollection.Name)]
public class RegionStoreDurabilityTests
{
    private static RegionStoreManifest Manifest(string threshold = "128") =>
        new("test-threshold", new Dictionary<string, string> { ["threshold"] = threshold },
            new Dictionary<string, string>(), 8, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private static Region[] Regions() => new[] { new Region(CocoRle.FromCounts(new[] { 3, 2, 5, 2 }, 3, 4)) };

    private static string Log(string folder) => Path.Combine(folder, RegionStore.LogFileName);

    /// <summary>A store with a.png, b.png and c.png; returns the byte offsets where b's and c's records start.</summary>
    private static (long B, long C) ThreeEntries(string folder)
    {
        using var store = RegionStore.OpenOrCreate(folder, Manifest());
        store.Add("a.png", 4, 3, Regions());
        long b = new FileInfo(Log(folder)).Length;
        store.Add("b.png", 4, 3, Regions());
        long c = new FileInfo(Log(folder)).Length;
        store.Add("c.png", 4, 3, Regions());
        return (b, c);
    }

    [Fact]
    public void ABadRecordFollowedByIntactOnesIsRefusedNamingTheOffsetAndSalvagedKeepingEveryOtherRecord()
    {
        using var folder = new StoreTestFolder();
        var (b, c) = ThreeEntries(folder.Path);
        var bytes = File.ReadAllBytes(Log(folder.Path));
        bytes[b + 20] ^= 0x40; // inside b.png's payload: its CRC fails, c.png's record after it is intact
        File.WriteAllBytes(Log(folder.Path), bytes);

        var write = Assert.Throws<InvalidDataException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest()));
        Assert.Contains(Log(folder.Path), write.Message);
        Assert.Contains($"byte {b}", write.Message);
        Assert.Contains($"byte {c}", write.Message);
        Assert.Contains("--salvage", write.Message);
        Assert.Equal(bytes, File.ReadAllBytes(Log(folder.Path))); // nothing cut off
        Assert.Throws<InvalidDataException>(() => RegionStore.Open(folder.Path));

        var result = RegionStore.Salvage(folder.Path);

        Assert.Equal(2, result.Entries);
        Assert.Equal((b, c - b), Assert.Single(result.Damaged));
        Assert.Equal(bytes, File.ReadAllBytes(result.BackupPath!));
        using (var salvaged = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            Assert.Equal(new[] { "a.png", "c.png" }, salvaged.Keys);
            Assert.Equal(0, salvaged.DiscardedTailBytes);
            Assert.Equal(new[] { 3, 2, 5, 2 }, salvaged.Read("c.png")!.Regions[0].Mask.Counts);
            salvaged.Add("b.png", 4, 3, Regions()); // the lost image is simply segmented again
        }
        Assert.Equal(new[] { "a.png", "c.png", "b.png" }, RegionStore.Open(folder.Path).Keys);
        Assert.Null(RegionStore.Salvage(folder.Path).BackupPath); // nothing left to salvage
    }

    [Fact]
    public void TheLockFileNamesHostAndProcessRefusesASecondWriterAndIsRemovedOnClose()
    {
        using var folder = new StoreTestFolder();
        string lockPath = Path.Combine(folder.Path, RegionStore.LockFileName);
        using (RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            string text = File.ReadAllText(lockPath);
            Assert.Contains($"host={Environment.MachineName}\n", text);
            Assert.Contains($"pid={Environment.ProcessId}\n", text);
            var error = Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest()));
            Assert.Contains($"process {Environment.ProcessId} on host '{Environment.MachineName}'", error.Message);
            Assert.Contains(lockPath, error.Message);
            Assert.Throws<InvalidOperationException>(() => RegionStore.Salvage(folder.Path));
        }
        Assert.False(File.Exists(lockPath));
    }

    [Fact]
    public void ALockLeftByADeadProcessOnThisHostIsTakenOverButOneFromAnotherHostIsNot()
    {
        using var folder = new StoreTestFolder();
        RegionStore.OpenOrCreate(folder.Path, Manifest()).Dispose();
        string lockPath = Path.Combine(folder.Path, RegionStore.LockFileName);
        using var finished = Process.Start("true")!;
        finished.WaitForExit();
        File.WriteAllText(lockPath, $"host={Environment.MachineName}\npid={finished.Id}\nstarted=1\n");
        using (var store = RegionStore.OpenOrCreate(folder.Path, Manifest()))
            Assert.Contains($"pid={Environment.ProcessId}\n", File.ReadAllText(lockPath));

        File.WriteAllText(lockPath, $"host=another-machine\npid={finished.Id}\nstarted=1\n");
        var error = Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest()));
        Assert.Contains("another-machine", error.Message);
        // The same pid on this host but started at another time is a recycled id: stale.
        File.WriteAllText(lockPath, $"host={Environment.MachineName}\npid={Environment.ProcessId}\nstarted=1\n");
        RegionStore.OpenOrCreate(folder.Path, Manifest()).Dispose();
        File.WriteAllText(lockPath, ""); // the empty lock file of earlier versions
        RegionStore.OpenOrCreate(folder.Path, Manifest()).Dispose();
    }

    [Fact]
    public void RecordsAreAppendedAtTheEndOfTheFileNotAtARememberedOffset()
    {
        using var folder = new StoreTestFolder();
        using (var store = RegionStore.OpenOrCreate(folder.Path, Manifest()))
        {
            store.Add("a.png", 4, 3, Regions());
            // Another machine that ignored the lock appends a record behind this writer's back.
            var foreign = RegionLogFrame.Wrap(StoreEntryCodec.Encode("x.png", 4, 3, Regions()));
            using (var other = new FileStream(Log(folder.Path), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                other.Write(foreign);
            store.Add("b.png", 4, 3, Regions());
            Assert.Equal(new[] { 3, 2, 5, 2 }, store.Read("b.png")!.Regions[0].Mask.Counts);
        }
        Assert.Equal(new[] { "a.png", "x.png", "b.png" }, RegionStore.Open(folder.Path).Keys);
    }

    [Fact]
    public void ALostOrDamagedManifestIsRebuiltFromTheCopyInTheLog()
    {
        using var folder = new StoreTestFolder();
        ThreeEntries(folder.Path);
        string manifestPath = Path.Combine(folder.Path, RegionStore.ManifestFileName);
        var original = File.ReadAllBytes(manifestPath);

        File.WriteAllBytes(manifestPath, Array.Empty<byte>()); // what a power cut could leave without fsync
        Assert.Contains("--rebuild-manifest", Assert.Throws<InvalidDataException>(() => RegionStore.Open(folder.Path)).Message);
        File.Delete(manifestPath);
        Assert.Contains("--rebuild-manifest", Assert.Throws<InvalidOperationException>(() => RegionStore.OpenOrCreate(folder.Path, Manifest())).Message);
        Assert.Throws<InvalidOperationException>(() => RegionStore.RebuildManifest(folder.Path, Manifest(threshold: "64")));

        var rebuilt = RegionStore.RebuildManifest(folder.Path);

        Assert.Empty(rebuilt.Differences(Manifest()));
        Assert.Equal(original, File.ReadAllBytes(manifestPath));
        Assert.Equal(new[] { "a.png", "b.png", "c.png" }, RegionStore.Open(folder.Path).Keys);
    }

    [Fact]
    public void MergingShardStoresWithAShardNeverRunIsRefusedNamingIt()
    {
        using var folder = new StoreTestFolder();
        var images = Enumerable.Range(0, 30).Select(i => ($"{i}.png", (Func<ImageRegions>)(() => new ImageRegions(4, 3, Regions())))).ToList();
        foreach (int index in new[] { 0, 2 })
        {
            using var shard = RegionStore.OpenOrCreate(folder.Sub($"s{index}"), Manifest());
            RegionStoreWriter.Run(shard, images, new ShardSpec(index, 3));
            Assert.Equal(new[] { new ShardSpec(index, 3) }, shard.Shards);
        }

        var error = Assert.Throws<InvalidOperationException>(() => RegionStore.Merge(folder.Sub("all"), new[] { folder.Sub("s0"), folder.Sub("s2") }));
        Assert.Contains("2 of 3 shards", error.Message);
        Assert.Contains("1/3", error.Message);
        Assert.False(Directory.Exists(folder.Sub("all")));

        var partial = RegionStore.Merge(folder.Sub("all"), new[] { folder.Sub("s0"), folder.Sub("s2") }, allowMissingShards: true);
        Assert.Equal(images.Count(i => !new ShardSpec(1, 3).Contains(i.Item1)), partial.Copied);
    }
}
