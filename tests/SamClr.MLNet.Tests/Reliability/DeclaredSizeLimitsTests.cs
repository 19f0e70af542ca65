using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SamClr.MLNet.Data;
using SamClr.MLNet.Models;
using SamClr.MLNet.Models.Interop;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Reliability;

/// <summary>Inputs that declare far more than they hold are refused from their headers, before anything is allocated for them.</summary>
public sealed class DeclaredSizeLimitsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("samclr-limits-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A valid PNG of a few hundred bytes whose IHDR declares <paramref name="width"/> x <paramref name="height"/> grey pixels.</summary>
    private static byte[] DeclaredPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth 8, colour type 0 (grey), no interlace
        Chunk(png, "IHDR", header);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(new byte[4096]);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", Array.Empty<byte>());
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(number, System.IO.Hashing.Crc32.HashToUInt32(body));
        png.Write(number);
    }

    [Fact]
    public void AnImageDeclaring23kBy23kPixelsIsRefusedFromItsHeader()
    {
        var bytes = DeclaredPng(23_000, 23_000);
        Assert.True(bytes.Length < 1000);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(bytes, 64, "bomb.png"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("bomb.png", error.Message);
        Assert.Contains("23000x23000", error.Message);
        // Just under the cap still decodes as far as the header goes (then fails only on the short data).
        Assert.DoesNotContain("declares", Assert.Throws<InvalidDataException>(() => ImageDecoder.Decode(DeclaredPng(64, 64)[..60], 64, "short.png")).Message);
    }

    [Fact]
    public void AnAmgMaskPngOfAnotherOrAHugeDeclaredSizeIsRefusedBeforeDecoding()
    {
        string folder = Path.Combine(_root, "img");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "0.png"), DeclaredPng(23_000, 23_000));
        File.WriteAllText(Path.Combine(folder, "metadata.csv"),
            "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h\n" +
            "0,4,1,0,2,2,1.5,0.5,0.98,0.96,0,0,4,3");
        var clock = Stopwatch.StartNew();
        var other = Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder, new ImageSize(4, 3)));
        Assert.Contains("declares 23000x23000 pixels but the image (or the first mask) is 4x3", other.Message);
        var huge = Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder));
        Assert.Contains($"more than the {ImageDecoder.MaxPixels}", huge.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void SafetensorsHeadersThatDeclareMoreThanTheFileHoldsAreRefused()
    {
        using var backbone = new SmallCnn(4);
        string path = Path.Combine(_root, "w.safetensors");

        File.WriteAllBytes(path, BitConverter.GetBytes(1_000_000_000_000L).Concat("{}"u8.ToArray()).ToArray());
        Assert.Contains("declares 1000000000000 bytes of JSON", Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(backbone, path)).Message);

        WriteSafetensors(path, """{"w":{"dtype":"F32","shape":[100000,100000],"data_offsets":[0,40000000000]}}""", 16);
        var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(backbone, path));
        Assert.Contains("tensor 'w' declares 40000000000 bytes", error.Message);
        Assert.Contains(path, error.Message);

        // Consistent with the file, but more tensor bytes than the model's state dict allows.
        WriteSafetensors(path, """{"w":{"dtype":"F32","shape":[100],"data_offsets":[0,400]}}""", 400);
        WeightFileLimits.CheckSafetensors(path, 400);
        Assert.Contains("more than the 399", Assert.Throws<InvalidDataException>(() => WeightFileLimits.CheckSafetensors(path, 399)).Message);
    }

    private static void WriteSafetensors(string path, string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        File.WriteAllBytes(path, BitConverter.GetBytes((long)json.Length).Concat(json).Concat(new byte[dataBytes]).ToArray());
    }

    [Fact]
    public void ATorchSaveArchiveWithAZipBombEntryOrMoreThanTheModelNeedsIsRefused()
    {
        using var backbone = new SmallCnn(4);
        string path = Path.Combine(_root, "w.pt");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("archive/data/0", CompressionLevel.Optimal).Open();
            entry.Write(new byte[80 << 20]); // 80 MiB of zeros in under 100 kB: a zip bomb in miniature
        }
        var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(backbone, path));
        Assert.Contains($"declare {80 << 20} bytes", error.Message);
        Assert.True(new FileInfo(path).Length < 200_000);

        File.Delete(path);
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var entry = archive.CreateEntry("archive/data/0", CompressionLevel.NoCompression).Open();
            entry.Write(new byte[4096]);
        }
        Assert.Contains("declare 4096 bytes, more than the 4000", Assert.Throws<InvalidDataException>(() => WeightFileLimits.CheckPyTorchArchive(path, 4000)).Message);
    }

    /// <summary>A torch.save pickle (protocol 2) of one tensor "w" of <paramref name="rows"/> x <paramref name="cols"/> over a FloatStorage of <paramref name="elements"/>.</summary>
    private static byte[] StateDictPickle(long elements, long rows, long cols)
    {
        var p = new List<byte> { 0x80, 2 };
        void Global(string module, string name) { p.Add((byte)'c'); p.AddRange(Encoding.ASCII.GetBytes($"{module}\n{name}\n")); }
        void Text(string text) { p.Add((byte)'X'); p.AddRange(BitConverter.GetBytes(text.Length)); p.AddRange(Encoding.UTF8.GetBytes(text)); }
        void Int(long value) { p.Add((byte)'J'); p.AddRange(BitConverter.GetBytes((int)value)); }
        Global("collections", "OrderedDict"); p.AddRange(")R("u8.ToArray());
        Text("w");
        Global("torch._utils", "_rebuild_tensor_v2"); p.AddRange("(("u8.ToArray());
        Text("storage"); Global("torch", "FloatStorage"); Text("0"); Text("cpu"); Int(elements); p.AddRange("tQ"u8.ToArray());
        Int(0);
        p.Add((byte)'('); Int(rows); Int(cols); p.Add((byte)'t');
        p.Add((byte)'('); Int(cols); Int(1); p.Add((byte)'t');
        p.Add(0x89);
        Global("collections", "OrderedDict"); p.AddRange(")RtRu."u8.ToArray());
        return p.ToArray();
    }

    private static void WriteArchive(string path, byte[] pickle, int dataBytes)
    {
        File.Delete(path);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var entry = archive.CreateEntry("archive/data.pkl").Open()) entry.Write(pickle);
        using (var entry = archive.CreateEntry("archive/data/0").Open()) entry.Write(new byte[dataBytes]);
    }

    [Fact]
    public void StoragesAndShapesDeclaredInsideTheTorchPickleAreCheckedAgainstTheArchive()
    {
        string path = Path.Combine(_root, "p.pt");
        WriteArchive(path, StateDictPickle(4, 2, 2), 16);
        WeightFileLimits.CheckPyTorchArchive(path, 1 << 20);

        WriteArchive(path, StateDictPickle(1_000_000_000, 2, 2), 16);
        Assert.Contains("storage '0' declares 1000000000 elements (4000000000 bytes) but its entry holds 16",
            Assert.Throws<InvalidDataException>(() => WeightFileLimits.CheckPyTorchArchive(path, 1 << 20)).Message);

        WriteArchive(path, StateDictPickle(4, 100_000, 100_000), 16);
        Assert.Contains("a tensor of shape [100000, 100000] reaches element 9999999999 of storage '0', which holds 4",
            Assert.Throws<InvalidDataException>(() => WeightFileLimits.CheckPyTorchArchive(path, 1 << 20)).Message);

        // The scan understands what TorchSharp.PyBridge writes: one storage and one tensor per state-dict entry.
        using var backbone = new SmallCnn(4);
        string real = Path.Combine(_root, "real.pt");
        WeightFiles.Write(real, backbone.state_dict(), WeightFileFormat.PyTorch);
        using var zip = ZipFile.OpenRead(real);
        using var pickle = new MemoryStream();
        using (var stream = zip.Entries.Single(e => e.FullName.EndsWith("data.pkl", StringComparison.Ordinal)).Open()) stream.CopyTo(pickle);
        var (storages, tensors) = TorchPickleScan.Scan(pickle.ToArray())!.Value;
        Assert.Equal(backbone.state_dict().Count, tensors.Count);
        Assert.Equal(backbone.state_dict().Count, storages.Count);
    }

    [Fact]
    public void WeightsHoldingNaNOrInfinityAreRefusedNamingTheTensor()
    {
        using var backbone = new SmallCnn(4);
        using var scope = NewDisposeScope();
        var state = backbone.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
        string name = state.First(p => p.Value.is_floating_point()).Key;
        state[name][0] = float.PositiveInfinity;
        foreach (var format in new[] { WeightFileFormat.Safetensors, WeightFileFormat.PyTorch })
        {
            string path = Path.Combine(_root, $"inf.{format}");
            WeightFiles.Write(path, state, format);
            var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(backbone, path));
            Assert.True(error.Message.Contains($"tensor '{name}' holds NaN or infinite values"), error.Message);
        }
    }

    [Fact]
    public void AnImageWithMoreRegionsThanTheCapIsRefusedBeforeTheCoarsestRegionPass()
    {
        var full = new Region(CocoRle.FromCounts(new[] { 0, 12 }, 3, 4));
        var regions = Enumerable.Repeat(full, 5).ToArray();
        var error = Assert.Throws<InvalidDataException>(() => RegionSelection.CandidateBoxes(regions, 4, 3, new RegionSelectionOptions { MaxRegions = 4 }));
        Assert.Contains("5 regions", error.Message);
        Assert.Single(RegionSelection.CandidateBoxes(regions, 4, 3, new RegionSelectionOptions { MaxRegions = 5, MinArea = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionSelectionOptions { MaxRegions = 0 });
    }
}
