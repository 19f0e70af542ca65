using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Scenes;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The paper's comparison in a few minutes on a CPU: SimCLR and SAMCLR pre-trained with the same encoder, seed and
/// budget on the built-in street frames (wide frames with many small objects, like the paper's Cityscapes; --kind
/// shapes for the square shape scenes), against a random-init encoder, by kNN and linear-probe top-1 on held-out single
/// objects. SAMCLR's regions are the frames' ground-truth masks, written as amg.py JSON and imported the way masks made
/// with SAM in Python are (a perfect SAM), or the weight-free segmenter's with --regions segmenter.
/// </summary>
internal sealed class DemoCommand
{
    private readonly Option<string> _kind = CliOption.Choice("--kind", "street", "The built-in scenes: street (wide frames, many small objects) or shapes (square shape scenes).", "street", "shapes");
    private readonly ComparisonOptionGroup _comparison = new(null, "2000; 4000 with --kind shapes", epochs: 30, evalTrain: 2000, evalTest: 1000);
    private readonly Option<string> _regionSource = CliOption.Choice("--regions", "masks",
        "SAMCLR's regions: masks (the ground-truth masks imported as amg.py JSON, a perfect SAM) or segmenter (the weight-free segmenter).", "masks", "segmenter");
    private readonly RegionOptionGroup _regions = new(minAreaNote: "1000; 100 with --kind shapes");
    private readonly SeedOptionGroup _seed = new(several: false);
    private readonly DeviceOptionGroup _device = new();

    public DemoCommand()
    {
        Command = new Command("demo", "The paper's comparison in minutes on a CPU: random init, SimCLR and SAMCLR on the built-in street frames, by kNN and linear-probe top-1.");
        Command.Add(_kind);
        _comparison.AddTo(Command);
        Command.Add(_regionSource);
        _regions.AddTo(Command);
        _seed.AddTo(Command);
        _device.AddTo(Command);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string kind = parse.GetValue(_kind)!;
        bool street = kind == "street";
        int seed = _seed.Seed(parse);
        var settings = _comparison.Read(parse, scenes: street ? 2000 : 4000);
        int sceneCount = settings.Scenes, viewSize = settings.ViewSize, evalTrain = settings.EvalTrain, evalTest = settings.EvalTest;
        string backbone = settings.Backbone;
        var training = new PretrainingOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.Batch,
            BaseLearningRate = settings.LearningRate,
            Seed = seed,
            Device = _device.TorchDevice(parse).Requested,
            AllowTf32 = _device.AllowTf32(parse),
        };
        double temperature = settings.Temperature, samclrTemperature = settings.SamClrTemperature;
        string regionSource = parse.GetValue(_regionSource)!;
        // The paper's 1000 px of the original frame for the street frames; the 96 px shape scenes' objects are smaller.
        var selection = _regions.Selection(parse, minArea: street ? null : 100);
        string work = settings.Work ?? Path.Combine(Path.GetTempPath(), $"samclr-demo-{kind}-{seed}-{sceneCount}");

        var ml = new MLContext(seed: seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ImageStore? store = null;
        IDataView scenes;
        string imageFolder, maskFolder;
        if (street)
        {
            (store, imageFolder, maskFolder) = BuiltInScenes.PrepareStreet(sceneCount, seed, work);
            scenes = store.ToDataView(ml);
        }
        else
        {
            (scenes, imageFolder, maskFolder) = BuiltInScenes.Prepare(ml, sceneCount, seed, work);
        }
        using var closeStore = store;
        Func<int, int, int, ImageSet> objects = street ? StreetSceneGenerator.GenerateObjects : SyntheticSceneGenerator.GenerateObjects;
        var train = objects(evalTrain, viewSize, seed + 1).ToDataView(ml);
        var test = objects(evalTest, viewSize, seed + 2).ToDataView(ml);

        SimClrOptions Options(string label, double t, string? regions) => new()
        {
            Backbone = backbone,
            ViewSize = viewSize,
            Temperature = t,
            RegionsColumnName = regions,
            Training = training,
            Progress = new PretrainingProgressBar(label),
        };
        var simclr = ml.Transforms.SimClr(Options("SimCLR", temperature, null));
        using var randomInit = simclr.CreateUntrained();
        Console.WriteLine($"SimCLR: {backbone}, {viewSize} px views of the whole {(street ? "frame" : "scene")}, batch {training.BatchSize}, {training.Epochs} epochs, T={temperature}.");
        using var simclrFeaturizer = Report(simclr.Fit(scenes));

        Console.WriteLine($"SAMCLR: the same, with both views inside one region per {(street ? "frame" : "scene")} ({(regionSource == "masks" ? "ground-truth masks imported as amg.py JSON" : "weight-free segmenter")}, " +
                          $"coarsest regions of at least {selection.MinArea} px, boxes x{selection.BoxScale}), T={samclrTemperature}.");
        var regionsEstimator = BuiltInScenes.Regions(ml, imageFolder, regionSource == "masks" ? maskFolder : null, selection);
        using var samclrFeaturizer = Report(regionsEstimator.Append(ml.Transforms.SimClr(Options("SAMCLR", samclrTemperature, "Regions"))).Fit(scenes).LastTransformer);

        Console.WriteLine("Evaluating (kNN k=200 T=0.1 and L-BFGS linear probe on frozen features)...");
        ResultTable.Print($"Top-1 accuracy (%) on {evalTest} held-out objects{(street ? " on street backgrounds" : "")}, 10 classes, {backbone}:", new[]
        {
            ("random init", SslEvaluation.Evaluate(ml, randomInit, train, test)),
            ("SimCLR", SslEvaluation.Evaluate(ml, simclrFeaturizer, train, test)),
            ("SAMCLR", SslEvaluation.Evaluate(ml, samclrFeaturizer, train, test)),
        });
        Console.WriteLine($"Total time {clock.Elapsed:mm\\:ss}.");
        return 0;
    }

    private static ImageFeaturizerTransformer Report(ImageFeaturizerTransformer featurizer)
    {
        var h = featurizer.History!;
        Console.WriteLine($"  took {h.Elapsed:mm\\:ss} ({h.ImagesPerSecond:F0} images/s); mean epoch loss {h.EpochLosses[0]:F3} -> {h.EpochLosses[^1]:F3}.");
        return featurizer;
    }
}
