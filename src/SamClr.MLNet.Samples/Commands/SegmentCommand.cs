using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Segments a data set once into a mask store: with SAM (--sam-encoder/--sam-decoder), by importing masks made with SAM
/// in Python (--masks), or with the weight-free default segmenter. Resumable, shardable, with a progress bar. A shard
/// (--shard i/N with N &gt; 1) writes into its own folder STORE/shard-i-of-N, and --merge combines them into STORE,
/// refusing when a shard was never run. --salvage keeps every intact record of a store whose log is damaged in the
/// middle; --rebuild-manifest writes a lost or damaged manifest.json again from the log.
/// </summary>
internal static class SegmentCommand
{
    public const string Usage =
        "segment --images PATH [--format cifar10|stl10|folder] --out STORE [--canvas MAX-SIDE] [--shard i/N|auto]\n" +
        "        [--sam-encoder FILE --sam-decoder FILE [--points-per-side 32] [--device auto|cpu|cuda] [--sam-gpu-memory-mb N] | --masks DIR]\n" +
        "segment --out STORE --merge [--allow-missing-shards] | --salvage | --rebuild-manifest [settings of the segment run]";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out") ?? throw new UsageException("--out STORE is required.");
        if (args.Flag("salvage")) return Salvage(args, output);
        if (args.Flag("merge")) return Merge(args, output);
        bool rebuild = args.Flag("rebuild-manifest");
        string images = args.String("images") ?? (rebuild ? "" : throw new UsageException("--images PATH is required."));
        if (rebuild && images.Length == 0)
        {
            args.EnsureAllUsed();
            return RebuildManifest(output, null);
        }
        var format = DatasetArguments.Format(args, "format") ?? DatasetFormats.Detect(images);
        string? masks = args.String("masks");
        var shard = args.String("shard") switch
        {
            null => ShardSpec.All,
            "auto" => ShardSpec.FromEnvironment(),
            var text => ShardSpec.Parse(text),
        };
        var (proposer, modelFiles, defaultCanvas) = ProposerArguments.Create(args);
        using var ownedProposer = proposer as IDisposable;
        int canvas = args.Int("canvas", defaultCanvas);
        args.EnsureAllUsed();
        if (masks != null && format != DatasetFormat.Folder)
            throw new UsageException("--masks imports amg.py outputs for an image folder; --images must be a folder of images.");

        var manifest = masks != null ? RegionStoreManifest.ForImportedMasks(masks) : RegionStoreManifest.For(proposer, canvas, modelFiles);
        if (rebuild) return RebuildManifest(output, manifest);
        if (shard.Count > 1)
        {
            output = ShardFolder(output, shard);
            Console.WriteLine($"Shard {shard} writes into its own folder {output}; combine the shards with: samclr segment --out {Path.GetDirectoryName(output)} --merge");
        }
        using var store = RegionStore.OpenOrCreate(output, manifest);
        if (store.DiscardedTailBytes > 0)
            Console.Error.WriteLine($"warning: the store's last record was incomplete (a stopped run); {store.DiscardedTailBytes} bytes were dropped and that image is redone.");
        Console.WriteLine($"Segmenting {images} into {output} ({(masks != null ? $"importing {masks}" : proposer.Name)}, shard {shard.Index + 1}/{shard.Count}); {store.Count} images already done.");

        var progress = new RegionStoreProgressBar();
        RegionStoreRunResult result;
        if (masks != null)
        {
            var warnings = new ImportWarnings();
            var files = ImageFolderReader.FindImages(images);
            progress.Total = files.Count;
            result = RegionStoreWriter.Run(store, files.Select(file => (StoreKeys.ForFile(images, file), (Func<ImageRegions>)(() =>
            {
                var regions = AmgMaskFolder.Load(images, masks, file, null, warnings);
                var size = regions.Count > 0 ? new ImageSize(regions[0].Mask.Width, regions[0].Mask.Height) : ImageDecoder.ReadSize(file);
                return new ImageRegions(size.Width, size.Height, regions);
            }))), shard, progress);
            if (warnings.Count > 0) Console.Error.WriteLine($"warning: {warnings.MissingMaskFiles} images had no mask file and {warnings.EmptyRegionLists} an empty region list; they train on the whole image.");
        }
        else
        {
            var sources = ImageSources.Enumerate(images, format, canvas);
            progress.Total = sources.Count;
            result = RegionStoreWriter.Run(store, sources, proposer, shard, progress);
        }
        Console.WriteLine($"Done: {result.Written} images segmented, {result.AlreadyStored} already in the store, {result.OtherShards} left to other shards, {result.Failures.Count} failed.");
        foreach (var (key, error) in result.Failures.Take(10)) Console.Error.WriteLine($"  failed: {key}: {error}");
        if (result.Failures.Count > 10) Console.Error.WriteLine($"  ... and {result.Failures.Count - 10} more; run again to retry them.");
        return result.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>The folder of shard i of N inside the store folder: <c>shard-i-of-N</c>.</summary>
    public static string ShardFolder(string store, ShardSpec shard) => Path.Combine(store, $"shard-{shard.Index}-of-{shard.Count}");

    private static int Merge(CommandLineArguments args, string output)
    {
        bool allowMissing = args.Flag("allow-missing-shards");
        args.EnsureAllUsed();
        var shards = Directory.Exists(output) ? Directory.GetDirectories(output, "shard-*-of-*").Order(StringComparer.Ordinal).ToList() : new List<string>();
        if (shards.Count == 0) throw new UsageException($"'{output}' holds no shard folders (shard-i-of-N): segment with --shard i/N and the same --out first.");
        var result = RegionStore.Merge(output, shards, allowMissing);
        Console.WriteLine($"Merged {shards.Count} shard folders into {output}: {result.Copied} entries copied, {result.AlreadyPresent} already there.");
        return 0;
    }

    private static int Salvage(CommandLineArguments args, string output)
    {
        args.EnsureAllUsed();
        var result = RegionStore.Salvage(output);
        if (result.BackupPath is null)
        {
            Console.WriteLine($"{output}: the log has no damage; {result.Entries} entries, nothing changed.");
            return 0;
        }
        Console.WriteLine($"{output}: kept {result.Entries} intact entries; dropped {result.Damaged.Count} damaged stretches " +
            $"({string.Join(", ", result.Damaged.Select(d => $"{d.Length} bytes at {d.Offset}"))}). The old log is kept as {result.BackupPath}. " +
            "Run the same segment command again to redo the lost images.");
        return 0;
    }

    private static int RebuildManifest(string output, RegionStoreManifest? settings)
    {
        var manifest = RegionStore.RebuildManifest(output, settings);
        Console.WriteLine($"Rebuilt {Path.Combine(output, RegionStore.ManifestFileName)} ({manifest.Proposer}, canvas {manifest.CanvasSize?.ToString() ?? "original size"}).");
        return 0;
    }
}
