using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Segments a data set once into a mask store: with SAM (--sam-encoder/--sam-decoder), by importing masks made with SAM
/// in Python (--masks), or with the weight-free default segmenter. Resumable, shardable, with a progress bar.
/// </summary>
internal static class SegmentCommand
{
    public const string Usage =
        "segment --images PATH [--format cifar10|stl10|folder] --out STORE [--canvas MAX-SIDE] [--shard i/N|auto]\n" +
        "        [--sam-encoder FILE --sam-decoder FILE [--points-per-side 32] [--device auto|cpu|cuda] [--sam-gpu-memory-mb N] | --masks DIR]";

    public static int Run(CommandLineArguments args)
    {
        string images = args.String("images") ?? throw new UsageException("--images PATH is required.");
        string output = args.String("out") ?? throw new UsageException("--out STORE is required.");
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
}
