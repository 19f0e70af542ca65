using System.CommandLine.Parsing;
using System.Diagnostics;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Samples.Reproduce;
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
internal sealed class ReproduceCommand
{
    private readonly DeviceOptionGroup _device = new();
    private readonly Option<int?> _table = new("--table")
    {
        Description = "Fill in the paper's settings of table 1, 2 or 3 (methods, epochs, temperatures, linear protocols).",
    };
    private readonly DatasetOptionGroup _pretrain = new("--pretrain", "--format", "The images to pre-train on", required: true);
    private readonly Option<string?> _masks = CliOption.ExistingDirectory("--masks", "Regions from masks made with SAM in Python (amg.py outputs), one per image.");
    private readonly Option<string?> _store = CliOption.ExistingDirectory("--store", "Regions from a mask store written by samclr segment.");
    private readonly RegionOptionGroup _regions = new();
    private readonly Option<string?> _methods = CliOption.Text("--methods",
        $"The methods to pre-train, comma-separated: {string.Join(",", MethodOptionGroup.Names)}; NAME+regions for region views (required without --table).");
    private readonly Option<string?> _eval = CliOption.Text("--eval", "Labelled data sets to evaluate on, comma-separated folders, each with both splits.", required: true);
    private readonly Option<string?> _output = CliOption.OutputDirectory("--out", "The folder of the results, checkpoints and encoders; a run with the same settings continues it.", required: true);
    private readonly MethodOptionGroup _methodOptions;
    private readonly SeedOptionGroup _seeds = new(several: true);
    private readonly Option<string> _linear = CliOption.Text("--linear", "lbfgs", "The linear protocols beside kNN: sgd (the authors' probe), lbfgs (the fast one) or sgd,lbfgs (--table: sgd,lbfgs).");
    private readonly Option<int> _probeEpochs = CliOption.Int("--probe-epochs", 90, "Epochs of the SGD linear probe.", min: 1);
    private readonly Option<int?> _maxImages = CliOption.OptionalInt("--max-images", "Pre-train on at most this many images.", min: 1);
    private readonly Option<int?> _evalMax = CliOption.OptionalInt("--eval-max", "Evaluate on at most this many images per split.", min: 1);
    private readonly Option<string?> _cache = CliOption.OutputDirectory("--cache", "Folder of the image stores (default: --out).");

    public ReproduceCommand()
    {
        _table.Validators.Add(result =>
        {
            if (CliOption.Converted<int?>(result) is int table && table is < 1 or > 3) result.AddError($"--table must be 1, 2 or 3 (got {table}).");
        });
        _methodOptions = new MethodOptionGroup(_device, TableDefaults.Backbone, TableDefaults.ViewSize, 100, singleRun: false);
        Command = new Command("reproduce", "Reproduces a table of the paper: pre-trains every method per seed, evaluates each and a random-init row with kNN and linear probes; resumable.");
        Command.Add(_table);
        _pretrain.AddTo(Command);
        Command.Add(_masks);
        Command.Add(_store);
        _regions.AddTo(Command);
        Command.Add(_methods);
        Command.Add(_eval);
        Command.Add(_output);
        _methodOptions.AddTo(Command);
        _seeds.AddTo(Command);
        Command.Add(_linear);
        Command.Add(_probeEpochs);
        _device.AddTo(Command);
        Command.Add(_maxImages);
        Command.Add(_evalMax);
        Command.Add(_cache);
        Command.Refuse("--checkpoints", "reproduce keeps one checkpoint folder per seed and method under --out and resumes from it by itself: drop --checkpoints and --resume.");
        Command.Refuse("--resume", "reproduce keeps one checkpoint folder per seed and method under --out and resumes from it by itself: drop --checkpoints and --resume.");
        Command.Refuse("--region-views", "Name region-view variants in --methods instead (e.g. moco+regions).", takesValue: false);
        Command.Refuse("--multi-crop", "--multi-crop is for pretrain --method samclr; reproduce trains the paper's variants.", takesValue: false);
        Command.Exclusive(_masks, _store, "give --masks DIR or --store STORE.");
        Command.Check(result => result.GetValue(_table) is null && !result.Given(_methods) ? "--methods LIST is required (or --table 1|2|3)." : null);
        Command.Check(MethodsProblem);
        Command.Check(result => result.Given(_linear) ? ProtocolsProblem(result.ValueOf(_linear)) : null);
        Command.Check(EvaluationSetsProblem);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private List<string> Methods(SymbolResult result)
    {
        var table = result.GetValue(_table) is int number ? TableDefaults.For(number) : null;
        return List(result.GetValue(_methods) ?? table?.Methods ?? "").Select(m => m.ToLowerInvariant()).ToList();
    }

    private string? MethodsProblem(CommandResult result)
    {
        var methods = Methods(result);
        if (methods.FirstOrDefault(m => !MethodOptionGroup.IsKnown(m)) is { } unknown)
            return $"--methods takes {string.Join(",", MethodOptionGroup.Names)} and their +regions variants (samclr has regions already); got '{unknown}'.";
        if (methods.Distinct().Count() != methods.Count) return "--methods names a method twice.";
        if ((result.Given(_masks) || result.Given(_store)) && methods.Count > 0 && !methods.Any(m => m == "samclr" || m.EndsWith("+regions", StringComparison.Ordinal)))
            return "--masks and --store feed region views: add samclr or a NAME+regions method to --methods.";
        if (result.GetValue(_methodOptions.Temperature) is { } text && MethodTemperatures.TryParse(text)?.Unmatched(methods).ToList() is { Count: > 0 } unmatched)
            return $"--temperature names {string.Join(", ", unmatched)}, which --methods does not train.";
        return null;
    }

    private string? EvaluationSetsProblem(CommandResult result)
    {
        var paths = List(result.GetValue(_eval) ?? "");
        if (paths.Count == 0) return "--eval needs at least one folder.";
        foreach (var path in paths)
        {
            if (!Directory.Exists(path)) return $"--eval: the folder '{path}' does not exist.";
            DatasetFormat format;
            try
            {
                format = DatasetFormats.Detect(path);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException)
            {
                return $"--eval '{path}': {e.Message}";
            }
            if (DatasetOptionGroup.LabelledSplitsProblem("--eval", path, format) is { } problem) return problem;
        }
        if (paths.Select(SetName).Distinct().Count() != paths.Count)
            return "Two --eval folders have the same name; the table's columns are named after the folders.";
        return null;
    }

    private int Run(ParseResult parse)
    {
        var table = parse.GetValue(_table) is int number ? TableDefaults.For(number) : null;
        string pretrain = Path.GetFullPath(_pretrain.Path(parse)!);
        var format = _pretrain.GivenFormat(parse) ?? DatasetFormats.Detect(pretrain);
        string? masks = parse.GetValue(_masks), store = parse.GetValue(_store), cache = parse.GetValue(_cache);
        var methods = Methods(parse.CommandResult);
        var evalPaths = List(parse.GetValue(_eval)!);
        string output = parse.GetValue(_output)!;
        var given = _methodOptions.Settings(parse);
        int epochs = parse.CommandResult.Given(_methodOptions.Epochs) ? given.Epochs : table?.Epochs ?? given.Epochs;
        int batch = given.Batch, viewSize = given.ViewSize, probeEpochs = parse.GetValue(_probeEpochs);
        var seeds = _seeds.Seeds(parse);
        var protocols = Protocols(parse.CommandResult.Given(_linear) || table is null ? parse.GetValue(_linear)! : TableDefaults.LinearProtocols);
        int? maxImages = parse.GetValue(_maxImages), evalMax = parse.GetValue(_evalMax);
        double? rate = given.Rate, cropScale = given.CropScale;
        var presetTemperatures = table is null ? null : MethodTemperatures.Parse(TableDefaults.Temperatures);
        string backbone = given.Backbone;
        var selection = _regions.Selection(parse);
        var evalSets = evalPaths.Select(p => new EvaluationSet(SetName(p), Path.GetFullPath(p), DatasetFormats.Detect(p).ToString())).ToList();

        var ml = new MLContext(seed: seeds[0]).ShowLibraryMessages();
        var stop = MethodOptionGroup.StopOnCtrlC();
        // Every method and seed is configured before anything runs.
        var estimators = seeds.SelectMany(seed => methods.Select(m => (m, seed))).ToDictionary(key => key, key => _methodOptions.Create(parse, ml, key.m, key.seed,
            o =>
            {
                string checkpoints = Path.Combine(Path.GetFullPath(output), SeedFolder(key.seed), key.m, "checkpoints");
                o.Epochs = epochs;
                o.CheckpointDirectory = checkpoints;
                o.ResumeFrom = Directory.Exists(checkpoints) && CheckpointFile.Latest(checkpoints) != null ? checkpoints : null;
            }, stop, presetTemperatures));
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
        var device = ComputeDevices.Resolve(_device.Device(parse));
        string deviceName = device.type == DeviceType.CUDA ? $"cuda:{device.index}" : "cpu";
        int run = record.Runs.Count + 1;
        record.Runs.Add(new RunRecord(run, DateTime.UtcNow, deviceName, SoftwareVersions.Current()));
        record.Save(output);
        ReproductionReport.Write(output, record);

        var rows = ReproductionReport.Rows(configuration).ToList();
        var pending = seeds.SelectMany(seed => rows.Select(m => (m, seed))).ToDictionary(key => key, key => evalSets
            .Select(e => (Set: e, Protocols: protocols.Where(p => record.Cell(key.m, key.seed, e.Name, p) is null).ToList()))
            .Where(e => e.Protocols.Count > 0).ToList());
        var progress = new CellProgress(pending.Values.Sum(sets => sets.Sum(s => 1 + s.Protocols.Count)));
        var evalData = new Dictionary<(string, DataSplit, int), ImageSet>();
        ISourceImages? pretrainImages = null;
        ISourceImages PretrainImages() => pretrainImages ??= DatasetFiles.LoadTraining(pretrain, format,
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
        MarkdownText.Print(ReproductionReport.Write(output, record));
        Console.WriteLine($"Done in {clock.Elapsed:hh\\:mm\\:ss}. Wrote {ReproductionReport.MarkdownFileName}, {ReproductionReport.CsvFileName}, " +
                          $"{ReproductionReport.SummaryCsvFileName} and {ReproductionRecord.FileName} to {output}.");
        return 0;
    }

    /// <summary>Runs the pending protocols of one encoder (a method's, or the random-init one) on each evaluation set, recording every cell.</summary>
    private static void Evaluate(MLContext ml, ImageFeaturizerTransformer featurizer, string method, int seed,
        List<(EvaluationSet Set, List<string> Protocols)> pending, ReproductionConfiguration configuration, ReproductionRecord record, string output,
        Dictionary<(string, DataSplit, int), ImageSet> evalData, string? cache, CellProgress progress, string deviceName, int run, CancellationToken stop)
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
    private static List<string> Protocols(string linear) => ReproductionReport.Protocols(List(linear).Select(p => p.ToLowerInvariant())
        .Select(p => p == "sgd" ? ReproductionReport.LinearSgd : ReproductionReport.LinearLbfgs).Prepend(ReproductionReport.Knn));

    private static string? ProtocolsProblem(string linear)
    {
        var chosen = List(linear).Select(p => p.ToLowerInvariant()).ToList();
        return (chosen.Count == 0 || chosen.Any(p => p is not ("sgd" or "lbfgs")) || chosen.Distinct().Count() != chosen.Count)
            ? $"--linear takes sgd, lbfgs or both (sgd,lbfgs); got '{linear}'." : null;
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

    private static ImageFeaturizerTransformer Pretrain(MLContext ml, MethodOptionGroup.Method method, ISourceImages images, string root, string? masks, string? store,
        RegionSelectionOptions selection, string checkpoints)
    {
        string? resume = Directory.Exists(checkpoints) ? CheckpointFile.Latest(checkpoints) : null;
        Console.WriteLine(resume is null
            ? $"Pre-training {method.Describe(masks, store)}..."
            : $"Continuing {method.Name} from {resume}...");
        return method.Fit(ml, images.ToDataView(ml), root, masks, store, selection);
    }

    private static ImageSet EvalSplit(Dictionary<(string, DataSplit, int), ImageSet> loaded, EvaluationSet set, DataSplit split, int size, int? max, string? cache)
    {
        if (!loaded.TryGetValue((set.Path, split, size), out var images))
            loaded[(set.Path, split, size)] = images = DatasetFiles.Load(set.Path, null, split, size, max, cache);
        if (images.Labels is null) throw new InvalidDataException($"The evaluation set {set.Path} ({split}) is not labelled.");
        return images;
    }

    private static List<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string SetName(string path) => Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
}
