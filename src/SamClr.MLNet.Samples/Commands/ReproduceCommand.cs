using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Samples.Reproduce;
using SamClr.MLNet.Training;
using SamClr.MLNet.Training.Checkpoints;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Reproduces a table of the paper: pre-trains every method on one data set once per seed, then evaluates each encoder,
/// and the random-init encoder of the same seed, on every labelled data set with kNN (k=200, T=0.1) and the linear
/// protocols (the authors' SGD probe, the fast L-BFGS probe). Writes results.md (the paper's layout, mean ± sd over
/// seeds, each row's temperature), results.csv, summary.csv and results.json into --out after every finished
/// pre-training and every finished cell; a stopped run, started again with the same settings (more methods, evaluation
/// sets, seeds or protocols may be added), skips what is finished and resumes an unfinished pre-training from its
/// checkpoints (one folder per seed and method under --out).
/// </summary>
internal static class ReproduceCommand
{
    public const string Usage =
        "reproduce [--table 1|2|3] --pretrain DIR [--format cifar10|stl10|folder] [--masks DIR | --store STORE] [--min-area 1000] [--box-scale 1.3]\n" +
        "         --methods LIST (simclr,samclr,moco,dino,swav; NAME+regions for region views) --eval DIR[,DIR...] --out DIR\n" +
        "         [--epochs N] [--batch 256] [--view-size 128] [--backbone resnet18] [--lr L] [--crop-scale 0.08|0.5] [--dataset-stats]\n" +
        "         [--temperature T | simclr=0.07,samclr=0.07,...] [--seeds 0,1,2 | --seed 0] [--linear sgd,lbfgs] [--probe-epochs 90]\n" +
        "         " + SampleOptions.DeviceUsage + " [--max-images N] [--eval-max N] [--cache DIR]";

    private static readonly string[] MethodNames = { "simclr", "samclr", "moco", "dino", "swav" };

    public static int Run(CommandLineArguments args)
    {
        var table = args.String("table") is null ? null : TableDefaults.For(args.Int("table", 0));
        string pretrain = Path.GetFullPath(args.String("pretrain") ?? throw new UsageException("--pretrain DIR is required: the images to pre-train on."));
        var format = DatasetArguments.Format(args, "format") ?? DatasetFormats.Detect(pretrain);
        string? masks = args.String("masks"), store = args.String("store"), cache = args.String("cache");
        var methods = List(args.String("methods") ?? table?.Methods ?? throw new UsageException("--methods LIST is required (or --table 1|2|3)."))
            .Select(m => m.ToLowerInvariant()).ToList();
        var evalPaths = List(args.String("eval") ?? throw new UsageException("--eval DIR[,DIR...] is required: labelled data sets with both splits."));
        string output = args.String("out") ?? throw new UsageException("--out DIR is required.");
        int epochs = args.Int("epochs", table?.Epochs ?? 100), batch = args.Int("batch", TableDefaults.BatchSize);
        int viewSize = args.Int("view-size", TableDefaults.ViewSize), probeEpochs = args.Int("probe-epochs", 90);
        var seeds = SeedArguments.Parse(args);
        var protocols = Protocols(args.String("linear") ?? (table is null ? "lbfgs" : TableDefaults.LinearProtocols));
        int? maxImages = Optional(args, "max-images"), evalMax = Optional(args, "eval-max");
        double? rate = args.String("lr") is null ? null : args.Double("lr", 0), cropScale = args.String("crop-scale") is null ? null : args.Double("crop-scale", 0);
        var temperatures = MethodTemperatures.Parse(args.String("temperature"));
        var presetTemperatures = table is null ? null : MethodTemperatures.Parse(TableDefaults.Temperatures);
        string backbone = args.String("backbone", TableDefaults.Backbone);
        var selection = RegionArguments.Selection(args);
        if (args.String("checkpoints") != null || args.String("resume") != null)
            throw new UsageException("reproduce keeps one checkpoint folder per seed and method under --out and resumes from it by itself: drop --checkpoints and --resume.");
        if (args.Flag("region-views")) throw new UsageException("Name region-view variants in --methods instead (e.g. moco+regions).");
        if (args.Flag("multi-crop")) throw new UsageException("--multi-crop is for pretrain --method samclr; reproduce trains the paper's variants.");
        if (masks != null && store != null) throw new UsageException("Give --masks or --store, not both.");
        if (probeEpochs < 1) throw new UsageException("--probe-epochs must be at least 1.");
        foreach (var method in methods)
        {
            string name = method.EndsWith("+regions", StringComparison.Ordinal) ? method[..^"+regions".Length] : method;
            if (!MethodNames.Contains(name) || method == "samclr+regions")
                throw new UsageException($"--methods takes {string.Join(",", MethodNames)} and their +regions variants (samclr has regions already); got '{method}'.");
        }
        if (methods.Distinct().Count() != methods.Count) throw new UsageException("--methods names a method twice.");
        if (temperatures.Unmatched(methods).ToList() is { Count: > 0 } unknown)
            throw new UsageException($"--temperature names {string.Join(", ", unknown)}, which --methods does not train.");
        var evalSets = evalPaths.Select(p => new EvaluationSet(SetName(p), Path.GetFullPath(p), (DatasetFormats.Detect(p)).ToString())).ToList();
        if (evalSets.Select(e => e.Name).Distinct().Count() != evalSets.Count)
            throw new UsageException("Two --eval folders have the same name; the table's columns are named after the folders.");

        var ml = new MLContext(seed: seeds[0]).PrintWarnings();
        var stop = MethodArguments.StopOnCtrlC();
        // Every method and seed is configured before anything runs, so that a mistyped option fails at once.
        var estimators = seeds.SelectMany(seed => methods.Select(m => (m, seed))).ToDictionary(key => key, key => MethodArguments.Create(ml, args, key.m,
            TableDefaults.Backbone, TableDefaults.ViewSize, table?.Epochs ?? 100, o =>
            {
                string checkpoints = Path.Combine(Path.GetFullPath(output), SeedFolder(key.seed), key.m, "checkpoints");
                o.Seed = key.seed;
                o.CheckpointDirectory = checkpoints;
                o.ResumeFrom = Directory.Exists(checkpoints) && CheckpointFile.Latest(checkpoints) != null ? checkpoints : null;
            }, stop, presetTemperatures));
        if (!estimators.Values.Any(m => m.UsesRegions) && (masks != null || store != null))
            throw new UsageException("--masks and --store feed region views: add samclr or a NAME+regions method to --methods.");
        args.EnsureAllUsed();
        var configuration = new ReproductionConfiguration
        {
            Table = table?.Table, Pretrain = pretrain, PretrainFormat = format.ToString(), Masks = masks is null ? null : Path.GetFullPath(masks),
            Store = store is null ? null : Path.GetFullPath(store), Methods = methods, EvaluationSets = evalSets, Epochs = epochs, BatchSize = batch,
            ViewSize = viewSize, Backbone = backbone, Seeds = seeds, LearningRate = rate, CropScale = cropScale,
            Temperatures = methods.ToDictionary(m => m, m => estimators[(m, seeds[0])].Temperature), Protocols = protocols, ProbeEpochs = probeEpochs,
            MaxImages = maxImages, EvalMax = evalMax,
        };

        Directory.CreateDirectory(output);
        var record = Continue(output, configuration);
        var device = ComputeDevices.Resolve(SampleOptions.Device(args));
        string deviceName = device.type == DeviceType.CUDA ? $"cuda:{device.index}" : "cpu";
        int run = record.Runs.Count + 1;
        record.Runs.Add(new RunRecord(run, DateTime.UtcNow, deviceName, SoftwareVersions.Current()));
        record.Save(output);
        ReproductionReport.Write(output, record);

        var rows = ReproductionReport.Rows(configuration).ToList();
        var pending = seeds.SelectMany(seed => rows.Select(m => (m, seed))).ToDictionary(key => key, key => evalSets
            .Select(e => (Set: e, Protocols: protocols.Where(p => record.Cell(key.m, key.seed, e.Name, p) is null).ToList()))
            .Where(e => e.Protocols.Count > 0).ToList());
        var progress = new CellProgressBar(pending.Values.Sum(sets => sets.Sum(s => 1 + s.Protocols.Count)));
        var evalData = new Dictionary<(string, DataSplit, int), ImageSet>();
        ISourceImages? pretrainImages = null;
        ISourceImages PretrainImages() => pretrainImages ??= DatasetArguments.LoadTraining(pretrain, format,
            format == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled, maxImages, cache ?? output);
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var seed in seeds)
                foreach (var method in rows)
                {
                    var finished = method == ReproductionReport.RandomRow ? null : record.Pretraining(method, seed);
                    if (pending[(method, seed)].Count == 0) continue;
                    ImageFeaturizerTransformer featurizer;
                    if (method == ReproductionReport.RandomRow)
                        featurizer = estimators[(methods[0], seed)].Untrained(() => PretrainImages().ToDataView(ml));
                    else if (finished != null)
                    {
                        Console.WriteLine($"{method} (seed {seed}): pre-trained in an earlier run; loading {finished.EncoderDirectory}.");
                        featurizer = new ImageFeaturizerTransformer(EncoderFiles.Load(finished.EncoderPath(output), device));
                    }
                    else
                    {
                        var estimator = estimators[(method, seed)];
                        featurizer = Pretrain(ml, estimator, PretrainImages(), pretrain, masks, store, selection,
                            Path.Combine(output, SeedFolder(seed), method, "checkpoints"));
                        var history = featurizer.History!;
                        string encoder = Path.Combine(SeedFolder(seed), method, "encoder");
                        EncoderFiles.Save(featurizer.Encoder, Path.Combine(output, encoder));
                        record.Pretrainings.Add(new PretrainingRecord(method, seed, encoder, PretrainImages().Count, epochs, history.Elapsed.TotalSeconds,
                            history.ImagesPerSecond, history.EpochLosses[0], history.EpochLosses[^1], deviceName, run, DateTime.UtcNow));
                        record.Save(output);
                        Console.WriteLine($"{method} (seed {seed}): pre-training took {history.Elapsed:hh\\:mm\\:ss} ({history.ImagesPerSecond:F0} images/s); " +
                                          $"loss {history.EpochLosses[0]:F3} -> {history.EpochLosses[^1]:F3}.");
                    }
                    using (featurizer)
                        Evaluate(ml, featurizer, method, seed, pending[(method, seed)], configuration, record, output, evalData, cache, progress, deviceName, run, stop);
                }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"Stopped. Finished pre-trainings and cells are recorded in {Path.Combine(output, ReproductionRecord.FileName)}; " +
                                    "run the same command again to continue.");
            return 130;
        }
        finally
        {
            (pretrainImages as IDisposable)?.Dispose();
        }
        Console.WriteLine();
        Console.WriteLine(ReproductionReport.Write(output, record));
        Console.WriteLine($"Done in {clock.Elapsed:hh\\:mm\\:ss}. Wrote {ReproductionReport.MarkdownFileName}, {ReproductionReport.CsvFileName}, " +
                          $"{ReproductionReport.SummaryCsvFileName} and {ReproductionRecord.FileName} to {output}.");
        return 0;
    }

    /// <summary>Runs the pending protocols of one encoder (a method's, or the random-init one) on each evaluation set, recording every cell.</summary>
    private static void Evaluate(MLContext ml, ImageFeaturizerTransformer featurizer, string method, int seed,
        List<(EvaluationSet Set, List<string> Protocols)> pending, ReproductionConfiguration configuration, ReproductionRecord record, string output,
        Dictionary<(string, DataSplit, int), ImageSet> evalData, string? cache, CellProgressBar progress, string deviceName, int run, CancellationToken stop)
    {
        foreach (var (set, protocols) in pending)
        {
            stop.ThrowIfCancellationRequested();
            int size = featurizer.Encoder.InputSize;
            var train = EvalSplit(evalData, set, DataSplit.Train, size, configuration.EvalMax, cache);
            var test = EvalSplit(evalData, set, DataSplit.Test, size, configuration.EvalMax, cache);
            progress.Start($"{method} (seed {seed}): featurizing {set.Name} ({train.Count} + {test.Count} images)");
            var watch = Stopwatch.StartNew();
            var trainView = train.ToDataView(ml);
            var (trainFeatures, testFeatures) = SslEvaluation.Featurize(ml, featurizer, train, test);
            double featurizeSeconds = watch.Elapsed.TotalSeconds;
            progress.Finish();
            foreach (var protocol in protocols)
            {
                stop.ThrowIfCancellationRequested();
                progress.Start($"{method} (seed {seed}): {protocol} on {set.Name}");
                watch.Restart();
                double top1 = protocol switch
                {
                    ReproductionReport.Knn => SslEvaluation.KnnTop1(ml, trainFeatures, testFeatures),
                    ReproductionReport.LinearLbfgs => SslEvaluation.LinearTop1(ml, trainFeatures, testFeatures, seed),
                    _ => SslEvaluation.SgdLinearTop1(ml, featurizer, trainView, testFeatures, configuration.ProbeEpochs, seed, stop),
                };
                double seconds = watch.Elapsed.TotalSeconds;
                record.Cells.Add(new CellRecord(method, seed, set.Name, protocol, top1, train.Count, test.Count, featurizeSeconds, seconds,
                    (train.Count + test.Count) / Math.Max(featurizeSeconds + seconds, 1e-9), deviceName, run, DateTime.UtcNow));
                record.Save(output);
                ReproductionReport.Write(output, record);
                progress.Finish();
                Console.WriteLine($"  {method} (seed {seed}) {protocol} {set.Name}: {top1:F1}% top-1 ({seconds:F1} s)");
            }
        }
    }

    /// <summary>kNN, then the linear protocols of --linear (sgd: the authors' probe; lbfgs: the fast one) in that order.</summary>
    private static List<string> Protocols(string linear)
    {
        var chosen = List(linear).Select(p => p.ToLowerInvariant()).ToList();
        if (chosen.Count == 0 || chosen.Any(p => p is not ("sgd" or "lbfgs")) || chosen.Distinct().Count() != chosen.Count)
            throw new UsageException($"--linear takes sgd, lbfgs or both (sgd,lbfgs); got '{linear}'.");
        return ReproductionReport.Protocols(chosen.Select(p => p == "sgd" ? ReproductionReport.LinearSgd : ReproductionReport.LinearLbfgs)
            .Prepend(ReproductionReport.Knn));
    }

    private static string SeedFolder(int seed) => $"seed{seed}";

    /// <summary>The record to continue in <paramref name="output"/> (its lists of methods and sets extended), or a new one.</summary>
    private static ReproductionRecord Continue(string output, ReproductionConfiguration configuration)
    {
        var record = ReproductionRecord.Load(output);
        if (record is null) return new ReproductionRecord { Configuration = configuration };
        var earlier = record.Configuration;
        string differences = configuration.Differences(earlier);
        if (differences.Length > 0)
            throw new UsageException($"'{output}' holds a reproduction with other settings ({differences}): use another --out, or the same settings to continue it.");
        foreach (var set in configuration.EvaluationSets)
            if (earlier.EvaluationSets.FirstOrDefault(e => e.Name == set.Name) is { } known && known.Path != set.Path)
                throw new UsageException($"'{output}' evaluated '{set.Name}' from {known.Path}, not {set.Path}: use another --out.");
        record.Configuration = configuration with
        {
            Table = configuration.Table ?? earlier.Table,
            Methods = earlier.Methods.Union(configuration.Methods).ToList(),
            Seeds = earlier.Seeds.Union(configuration.Seeds).ToList(),
            Protocols = ReproductionReport.Protocols(earlier.Protocols.Union(configuration.Protocols)),
            Temperatures = earlier.Temperatures.Concat(configuration.Temperatures.Where(t => !earlier.Temperatures.ContainsKey(t.Key)))
                .ToDictionary(t => t.Key, t => t.Value),
            EvaluationSets = earlier.EvaluationSets.Concat(configuration.EvaluationSets.Where(s => earlier.EvaluationSets.All(e => e.Name != s.Name))).ToList(),
        };
        return record;
    }

    private static ImageFeaturizerTransformer Pretrain(MLContext ml, MethodArguments.Method method, ISourceImages images, string root, string? masks, string? store,
        RegionSelectionOptions selection, string checkpoints)
    {
        string? resume = Directory.Exists(checkpoints) ? CheckpointFile.Latest(checkpoints) : null;
        Console.WriteLine(resume is null
            ? $"Pre-training {method.Name}{(method.UsesRegions ? $" with regions from {masks ?? store ?? "the default segmenter"}" : "")}..."
            : $"Continuing {method.Name} from {resume}...");
        var data = images.ToDataView(ml);
        return method.UsesRegions
            ? ml.Transforms.SamRegionSample(new SamRegionSampleOptions
            {
                ImagePathColumnName = ImageSetDataViewExtensions.SourceColumn,
                ImageRoot = root,
                MasksDirectory = masks,
                StoreDirectory = store,
                Selection = selection,
            }).Append(method.Estimator).Fit(data).LastTransformer
            : method.Estimator.Fit(data);
    }

    private static ImageSet EvalSplit(Dictionary<(string, DataSplit, int), ImageSet> loaded, EvaluationSet set, DataSplit split, int size, int? max, string? cache)
    {
        if (!loaded.TryGetValue((set.Path, split, size), out var images))
            loaded[(set.Path, split, size)] = images = DatasetArguments.Load(set.Path, null, split, size, max, cache);
        if (images.Labels is null) throw new InvalidDataException($"The evaluation set {set.Path} ({split}) is not labelled.");
        return images;
    }

    private static List<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static int? Optional(CommandLineArguments args, string name) => args.String(name) is null ? null : args.Int(name, 0);

    private static string SetName(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
}
