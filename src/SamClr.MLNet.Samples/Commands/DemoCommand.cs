using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The paper's comparison in a few minutes on a CPU: SimCLR and SAMCLR pre-trained with the same encoder, seed and
/// budget on the built-in street frames (wide frames with many small objects, like the paper's Cityscapes; --kind
/// shapes for the square shape scenes), against a random-init encoder, by kNN and linear-probe top-1 on held-out single
/// objects. SAMCLR's regions are the frames' ground-truth masks, written as amg.py JSON and imported the way masks made
/// with SAM in Python are (a perfect SAM), or the weight-free segmenter's with --regions segmenter.
/// </summary>
internal static class DemoCommand
{
    public const string Usage =
        "demo [--kind street|shapes] [--scenes 2000 (shapes: 4000)] [--epochs 30] [--batch 256] [--backbone small-cnn] [--view-size 32]\n" +
        "     [--temperature 0.5] [--samclr-temperature 0.5] [--regions masks|segmenter] [--min-area 1000 (shapes: 100)] [--lr 0.06]\n" +
        "     [--eval-train 2000] [--eval-test 1000]\n" +
        "     [--seed 0] " + SampleOptions.DeviceUsage + " [--work DIR]";

    public static int Run(CommandLineArguments args)
    {
        string kind = args.String("kind", "street");
        if (kind is not ("street" or "shapes")) throw new UsageException($"--kind must be street or shapes (got '{kind}').");
        bool street = kind == "street";
        int sceneCount = args.Int("scenes", street ? 2000 : 4000), viewSize = args.Int("view-size", 32), seed = args.Int("seed", 0);
        string backbone = args.String("backbone", "small-cnn");
        var training = new PretrainingOptions
        {
            Epochs = args.Int("epochs", 30),
            BatchSize = args.Int("batch", 256),
            BaseLearningRate = args.Double("lr", 0.06),
            Seed = seed,
            Device = SampleOptions.TorchDevice(args).Requested,
            AllowTf32 = SampleOptions.AllowTf32(args),
        };
        double temperature = args.Double("temperature", 0.5), samclrTemperature = args.Double("samclr-temperature", 0.5);
        string regionSource = args.String("regions", "masks");
        if (regionSource is not ("masks" or "segmenter")) throw new UsageException("--regions must be masks or segmenter.");
        // The paper's 1000 px of the original frame for the street frames; the 96 px shape scenes' objects are smaller.
        var selection = RegionArguments.Selection(args, defaultMinArea: street ? null : 100);
        int evalTrain = args.Int("eval-train", 2000), evalTest = args.Int("eval-test", 1000);
        string work = args.String("work", Path.Combine(Path.GetTempPath(), $"samclr-demo-{kind}-{seed}-{sceneCount}"));
        args.EnsureAllUsed();

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
            Progress = new ConsoleProgressBar(label),
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
