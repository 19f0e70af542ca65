using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Store;
using Xunit;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Issue 7 item 5: a region store whose <c>regions.log</c> (or manifest) was mutated opens with the damaged tail
/// discarded, or fails with <see cref="InvalidDataException"/>; reading its entries either decodes them or throws
/// <see cref="InvalidDataException"/>. Records whose payload was mutated and then re-framed with a valid CRC (as a buggy
/// writer would leave them) reach the entry decoder itself.
/// </summary>
public class RegionStoreFuzzTests : IDisposable
{
    private static readonly RegionStoreManifest Manifest =
        new("fuzz", new Dictionary<string, string> { ["t"] = "1" }, new Dictionary<string, string>(), 24, DateTimeOffset.UnixEpoch);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "samclr-fuzz-" + Guid.NewGuid().ToString("N"));

    public RegionStoreFuzzTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Open_MutatedLog_KeepsIntactPrefixOrThrowsInvalidData()
    {
        var random = new Random(731);
        var (manifest, log, payloads) = ValidStore(random);
        string store = Path.Combine(_root, "store");
        int torn = 0;
        for (int i = 0; i < 800; i++)
        {
            byte[] input = FuzzInputs.Mutate(log, random);
            bool writable = random.Next(2) == 0;
            WriteStore(store, manifest, input);
            FuzzCase.Run($"seed 731, case {i}, writable {writable}", () =>
            {
                using var opened = writable ? RegionStore.OpenOrCreate(store, Manifest) : RegionStore.Open(store);
                if (opened.DiscardedTailBytes > 0) torn++;
                ReadEverything(opened);
            }, typeof(InvalidDataException));
        }
        Assert.True(torn > 0, "no mutation tore the log");
    }

    [Fact]
    public void Read_MutatedPayloadsWithValidCrc_DecodeOrThrowInvalidData()
    {
        var random = new Random(732);
        var (manifest, _, payloads) = ValidStore(random);
        string store = Path.Combine(_root, "store");
        int decoded = 0, rejected = 0;
        for (int i = 0; i < 1500; i++)
        {
            var frames = payloads.Select(p => p).ToArray();
            int victim = random.Next(frames.Length);
            frames[victim] = FuzzInputs.Mutate(frames[victim], random);
            WriteStore(store, manifest, frames.SelectMany(p => RegionLogFrame.Wrap(p)).ToArray());
            var error = FuzzCase.Run($"seed 732, case {i}, record {victim}", () =>
            {
                using var opened = RegionStore.Open(store);
                ReadEverything(opened);
            }, typeof(InvalidDataException));
            if (error == null) decoded++; else rejected++;
        }
        Assert.True(decoded > 0 && rejected > 0, $"decoded {decoded}, rejected {rejected}");
    }

    [Fact]
    public void Open_MutatedManifest_OpensOrThrowsInvalidData()
    {
        var random = new Random(733);
        var (manifest, log, _) = ValidStore(random);
        string store = Path.Combine(_root, "store");
        for (int i = 0; i < 500; i++)
        {
            WriteStore(store, FuzzInputs.Mutate(manifest, random), log);
            FuzzCase.Run($"seed 733, case {i}", () =>
            {
                using var opened = RegionStore.Open(store);
                ReadEverything(opened);
            }, typeof(InvalidDataException));
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(50_000_000)]
    public void Read_HugeRegionCount_IsRejectedBeforeAllocating(int count)
    {
        // A payload that claims `count` regions but holds none: key "k", 4 x 4 image, the count, nothing more.
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("k");
            writer.Write(4);
            writer.Write(4);
            writer.Write(count);
        }
        string store = Path.Combine(_root, "store");
        WriteStore(store, ManifestBytes(), RegionLogFrame.Wrap(payload.ToArray()));
        var error = FuzzCase.Run($"{count} regions", () =>
        {
            using var opened = RegionStore.Open(store);
            opened.Read("k");
        }, typeof(InvalidDataException));
        Assert.NotNull(error);
    }

    [Fact]
    public void Open_NegativeKeyLength_ThrowsInvalidData()
    {
        // A 7-bit length prefix of five bytes FF FF FF FF 0F decodes to -1: BinaryReader refuses it with an IOException.
        string store = Path.Combine(_root, "store");
        WriteStore(store, ManifestBytes(), RegionLogFrame.Wrap(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3 }));
        var error = FuzzCase.Run("negative key length", () =>
        {
            using var opened = RegionStore.Open(store);
        }, typeof(InvalidDataException));
        Assert.NotNull(error);
    }

    private static void ReadEverything(RegionStore store)
    {
        foreach (var entry in store.ReadAll())
            Assert.All(entry.Regions, r => Assert.Equal((entry.Width, entry.Height), (r.Mask.Width, r.Mask.Height)));
        foreach (var key in store.Keys)
            Assert.NotNull(store.Read(key));
    }

    private static void WriteStore(string directory, byte[] manifest, byte[] log)
    {
        Directory.CreateDirectory(directory);
        File.Delete(Path.Combine(directory, RegionStore.LockFileName));
        File.WriteAllBytes(Path.Combine(directory, RegionStore.ManifestFileName), manifest);
        File.WriteAllBytes(Path.Combine(directory, RegionStore.LogFileName), log);
    }

    private byte[] ManifestBytes()
    {
        string directory = Path.Combine(_root, "manifest-" + Guid.NewGuid().ToString("N"));
        using (RegionStore.OpenOrCreate(directory, Manifest)) { }
        return File.ReadAllBytes(Path.Combine(directory, RegionStore.ManifestFileName));
    }

    /// <summary>A store of four images with 0..3 random regions each: its manifest and log bytes and each record's payload.</summary>
    private (byte[] Manifest, byte[] Log, byte[][] Payloads) ValidStore(Random random)
    {
        string directory = Path.Combine(_root, "valid");
        var payloads = new List<byte[]>();
        using (var store = RegionStore.OpenOrCreate(directory, Manifest))
        {
            for (int image = 0; image < 4; image++)
            {
                int height = random.Next(1, 12), width = random.Next(1, 12);
                var regions = Enumerable.Range(0, random.Next(0, 4)).Select(_ =>
                {
                    int set = random.Next(height * width + 1);
                    return new Region(CocoRle.FromCounts(new[] { height * width - set, set }, height, width), 0.9f, 0.8f,
                        random.Next(2) == 0 ? (1f, 2f) : null, random.Next(2) == 0 ? new SamClr.MLNet.Data.CropBox(0, 0, width, height) : null);
                }).ToList();
                store.Add($"img/{image}.png", width, height, regions);
                payloads.Add(StoreEntryCodec.Encode($"img/{image}.png", width, height, regions));
            }
        }
        return (File.ReadAllBytes(Path.Combine(directory, RegionStore.ManifestFileName)),
            File.ReadAllBytes(Path.Combine(directory, RegionStore.LogFileName)), payloads.ToArray());
    }
}
