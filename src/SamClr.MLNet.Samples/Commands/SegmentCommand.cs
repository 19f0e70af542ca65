using System.CommandLine.Parsing;
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
internal sealed class SegmentCommand
{
    private readonly Option<string?> _output = CliOption.OutputDirectory("--out", "The mask store folder.", required: true);
    private readonly DatasetOptionGroup _images = new("--images", "--format", "The images to segment", required: false);
    private readonly Option<int?> _canvas = CliOption.OptionalInt("--canvas", "Segment each image with its longest side reduced to this many pixels (default: 1024 with SAM, 256 otherwise).", min: 16);
    private readonly Option<string?> _shard = new("--shard")
    {
        Description = "Segment only shard i of N (i/N, 0-based; each shard writes STORE/shard-i-of-N), or auto (SAMCLR_SHARD_INDEX/COUNT, Kubernetes, Slurm).",
    };
    private readonly DeviceOptionGroup _device = new();
    private readonly ProposerOptionGroup _proposer;
    private readonly Option<string?> _masks = CliOption.ExistingDirectory("--masks", "Import masks made with SAM in Python (amg.py outputs) instead of segmenting.");
    private readonly Option<bool> _merge = CliOption.Flag("--merge", "Combine the shard folders in --out into the store.");
    private readonly Option<bool> _allowMissing = CliOption.Flag("--allow-missing-shards", "With --merge: merge even when a shard was never run.");
    private readonly Option<bool> _salvage = CliOption.Flag("--salvage", "Keep every intact record of a store whose log is damaged in the middle.");
    private readonly Option<bool> _rebuild = CliOption.Flag("--rebuild-manifest", "Write a lost or damaged manifest.json again from the log (with the settings of the segment run, when given).");

    public SegmentCommand()
    {
        _shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && text != "auto" && ShardProblem(text) is { } problem) result.AddError(problem);
        });
        _proposer = new ProposerOptionGroup(_device);
        Command = new Command("segment", "Segments a data set once into a mask store (SAM, imported amg.py masks or the default segmenter); resumable and shardable.");
        Command.Add(_output);
        _images.AddTo(Command);
        Command.Add(_canvas);
        Command.Add(_shard);
        _proposer.AddTo(Command);
        _device.AddTo(Command, withTf32: false);
        Command.Add(_masks);
        Command.Add(_merge);
        Command.Add(_allowMissing);
        Command.Add(_salvage);
        Command.Add(_rebuild);
        Command.Requires(_allowMissing, _merge, "it is a setting of merging shards.");
        Command.Exclusive(_masks, _proposer.Encoder, "--masks imports masks already made; SAM makes new ones. Give one of them.");
        Command.Check(ModeProblem);
        Command.Check(result => result.Given(_masks) && _images.Format(result) is { } format && format != DatasetFormat.Folder
            ? $"--masks imports amg.py outputs for an image folder, but --images is {format}: give a folder of images." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    /// <summary>The folder of shard i of N inside the store folder: <c>shard-i-of-N</c>.</summary>
    public static string ShardFolder(string store, ShardSpec shard) => Path.Combine(store, $"shard-{shard.Index}-of-{shard.Count}");

    private static string? ShardProblem(string text)
    {
        try
        {
            ShardSpec.Parse(text);
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return $"--shard: {e.Message}";
        }
    }

    /// <summary>--merge, --salvage and --rebuild-manifest work on a store and exclude each other and the segmenting options; segmenting needs --images.</summary>
    private string? ModeProblem(CommandResult result)
    {
        var modes = new Option[] { _merge, _salvage, _rebuild }.Where(result.Given).ToList();
        if (modes.Count > 1) return $"{string.Join(" and ", modes.Select(m => m.Name))} cannot be used together: give one of them.";
        if (modes.Count == 1 && modes[0] != _rebuild)
        {
            var segmenting = Command.Options.Where(o => o != _output && o != modes[0] && o != _allowMissing && result.Given(o)).ToList();
            if (segmenting.Count > 0) return $"{modes[0].Name} works on the store in --out alone; drop {string.Join(", ", segmenting.Select(o => o.Name))}.";
        }
        if (modes.Count == 1 && modes[0] == _merge && ShardFolders(result.GetValue(_output)!).Count == 0)
            return $"'{result.GetValue(_output)}' holds no shard folders (shard-i-of-N): segment with --shard i/N and the same --out first.";
        if (modes.Count == 0 && !result.Given(_images.PathOption)) return "--images PATH is required (or --merge, --salvage or --rebuild-manifest on an existing --out).";
        return null;
    }

    private int Run(ParseResult parse)
    {
        string output = parse.GetValue(_output)!;
        if (parse.GetValue(_salvage)) return Salvage(output);
        if (parse.GetValue(_merge)) return Merge(output, parse.GetValue(_allowMissing));
        bool rebuild = parse.GetValue(_rebuild);
        string? images = _images.Path(parse);
        if (images is null) return RebuildManifest(output, null);
        var format = _images.Format(parse);
        string? masks = parse.GetValue(_masks);
        var shard = parse.GetValue(_shard) switch
        {
            null => ShardSpec.All,
            "auto" => ShardSpec.FromEnvironment(),
            var text => ShardSpec.Parse(text),
        };
        var (proposer, modelFiles, defaultCanvas) = _proposer.Create(parse);
        using var ownedProposer = proposer as IDisposable;
        int canvas = parse.GetValue(_canvas) ?? defaultCanvas;

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

    private static List<string> ShardFolders(string store) =>
        Directory.Exists(store) ? Directory.GetDirectories(store, "shard-*-of-*").Order(StringComparer.Ordinal).ToList() : new List<string>();

    private static int Merge(string output, bool allowMissing)
    {
        var shards = ShardFolders(output);
        var result = RegionStore.Merge(output, shards, allowMissing);
        Console.WriteLine($"Merged {shards.Count} shard folders into {output}: {result.Copied} entries copied, {result.AlreadyPresent} already there.");
        return 0;
    }

    private static int Salvage(string output)
    {
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
