using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Samples.Plots;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using SamClr.MLNet.Training.Monitoring;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The paper's Figure 2 on the built-in scenes: SimCLR and SAMCLR pre-trained with the same encoder, seed and budget
/// (SAMCLR's regions are the scenes' ground-truth masks imported as amg.py JSON, as in the demo), with kNN top-1 on
/// held-out single objects measured every few epochs, beside the random-init encoder's kNN (a flat line). With --seeds
/// the runs repeat per seed (same scenes and evaluation objects) and the plot draws each method's mean with a band of
/// ± one standard deviation. Writes curves.csv (after every point, so a stopped run keeps what it measured) and
/// curves.png. With --from-csv it only redraws the plot of an existing CSV.
/// </summary>
internal static class CurvesCommand
{
    public const string Usage =
        "curves [--out curves] [--scenes 2000] [--epochs 20] [--monitor-every 2] [--batch 256] [--backbone small-cnn] [--view-size 32]\n" +
        "       [--temperature 0.5] [--samclr-temperature 0.5] [--min-area 100] [--lr 0.06] [--eval-train 1000] [--eval-test 500]\n" +
        "       [--seeds 0,1,2 | --seed 0] " + SampleOptions.DeviceUsage + " [--work DIR] | curves --from-csv FILE [--out DIR]";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out", "curves");
        string? fromCsv = args.String("from-csv");
        if (fromCsv is not null)
        {
            args.EnsureAllUsed();
            var read = LearningCurveCsv.Read(fromCsv);
            if (read.Count == 0) throw new InvalidDataException($"'{fromCsv}' holds no learning-curve points.");
            string png = Path.Combine(output, "curves.png");
            LearningCurvePlot.WritePng(png, read, "kNN accuracy during pre-training");
            Console.WriteLine($"Wrote {png} ({LearningCurvePlot.DefaultWidth}x{LearningCurvePlot.DefaultHeight}).");
            return 0;
        }

        var seeds = SeedArguments.Parse(args);
        int sceneCount = args.Int("scenes", 2000), viewSize = args.Int("view-size", 32), seed = seeds[0];
        int epochs = args.Int("epochs", 20), monitorEvery = args.Int("monitor-every", 2), batch = args.Int("batch", 256);
        double learningRate = args.Double("lr", 0.06);
        if (monitorEvery < 1) throw new UsageException("--monitor-every must be at least 1.");
        string backbone = args.String("backbone", "small-cnn");
        double temperature = args.Double("temperature", 0.5), samclrTemperature = args.Double("samclr-temperature", 0.5);
        var selection = RegionArguments.Selection(args, defaultMinArea: 100);
        int evalTrain = args.Int("eval-train", 1000), evalTest = args.Int("eval-test", 500);
        var device = SampleOptions.TorchDevice(args).Requested;
        bool allowTf32 = SampleOptions.AllowTf32(args);
        string work = args.String("work", Path.Combine(Path.GetTempPath(), $"samclr-curves-{seed}-{sceneCount}"));
        args.EnsureAllUsed();

        var ml = new MLContext(seed: seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (scenes, imageFolder, maskFolder) = BuiltInScenes.Prepare(ml, sceneCount, seed, work);
        var train = SyntheticSceneGenerator.GenerateObjects(evalTrain, viewSize, seed + 1);
        var test = SyntheticSceneGenerator.GenerateObjects(evalTest, viewSize, seed + 2);

        string csv = Path.Combine(output, "curves.csv");
        var curves = new List<LearningCurve>();
        SimClrOptions Options(string label, double t, string? regions, int trainingSeed)
        {
            // SimCLR's default views use the ImageNet normalisation, the monitor's default.
            var monitor = new KnnMonitor(label, train, test, viewSize);
            curves.Add(monitor.Curve);
            return new SimClrOptions
            {
                Backbone = backbone,
                ViewSize = viewSize,
                Temperature = t,
                RegionsColumnName = regions,
                Training = new PretrainingOptions
                {
                    Epochs = epochs,
                    BatchSize = batch,
                    BaseLearningRate = learningRate,
                    Seed = trainingSeed,
                    Device = device,
                    AllowTf32 = allowTf32,
                    MonitorEveryEpochs = monitorEvery,
                    Monitor = new SavingMonitor(monitor, curves, csv),
                },
                Progress = new ConsoleProgressBar(label),
            };
        }

        var regionsEstimator = BuiltInScenes.Regions(ml, imageFolder, maskFolder, selection);
        foreach (var trainingSeed in seeds)
        {
            string suffix = seeds.Count > 1 ? $"{LearningCurvePlot.SeedSeparator}{trainingSeed}" : "";
            Console.WriteLine($"SimCLR{suffix}: {backbone}, {viewSize} px views of the whole scene, batch {batch}, {epochs} epochs, kNN (k=200, T=0.1) on " +
                              $"{evalTest} held-out objects against {evalTrain} every {monitorEvery} epochs.");
            var simclr = ml.Transforms.SimClr(Options("SimCLR" + suffix, temperature, null, trainingSeed));
            double randomTop1;
            using (var untrained = simclr.CreateUntrained())
                randomTop1 = new KnnMonitor("random init", train, test, viewSize).Evaluate(untrained.Encoder.Backbone, ComputeDevices.Resolve(device));
            using (simclr.Fit(scenes)) { }

            Console.WriteLine($"SAMCLR{suffix}: the same, with both views inside one ground-truth region per scene (coarsest regions of at least {selection.MinArea} px).");
            using (regionsEstimator.Append(ml.Transforms.SimClr(Options("SAMCLR" + suffix, samclrTemperature, "Regions", trainingSeed))).Fit(scenes).LastTransformer) { }

            // The random-init encoder of the same seed: its kNN accuracy, flat over the steps the methods trained.
            int lastStep = curves[^1].Points[^1].Step;
            curves.Add(new LearningCurve("random init" + suffix,
                new[] { new LearningCurvePoint(0, 0, randomTop1, TimeSpan.Zero), new LearningCurvePoint(0, lastStep, randomTop1, TimeSpan.Zero) }));
            LearningCurveCsv.Write(csv, curves.Where(c => c.Points.Count > 0));
            Console.WriteLine($"  random init{suffix}: kNN top-1 {randomTop1:F1}%");
        }

        string plot = Path.Combine(output, "curves.png");
        LearningCurvePlot.WritePng(plot, curves, $"kNN accuracy during pre-training ({backbone}, {sceneCount} scenes, batch {batch})");
        Console.WriteLine();
        Console.WriteLine("method               final (%)  best (%)  (kNN top-1)");
        foreach (var curve in curves)
            Console.WriteLine($"{curve.Name,-20} {curve.Points[^1].KnnTop1,8:F1}  {curve.Points.Max(p => p.KnnTop1),8:F1}");
        Console.WriteLine($"Wrote {csv} and {plot}. Total time {clock.Elapsed:mm\\:ss}.");
        return 0;
    }

    /// <summary>Runs the kNN monitor, prints its point and rewrites the CSV of every curve so far.</summary>
    private sealed class SavingMonitor(KnnMonitor inner, IReadOnlyList<LearningCurve> curves, string csv) : IPretrainingMonitor
    {
        public void OnEpochEnd(Backbone backbone, torch.Device device, int epoch, int step, TimeSpan elapsed)
        {
            inner.OnEpochEnd(backbone, device, epoch, step, elapsed);
            var point = inner.Curve.Points[^1];
            LearningCurveCsv.Write(csv, curves.Where(c => c.Points.Count > 0));
            Console.WriteLine($"\r  {inner.Curve.Name} epoch {epoch} step {step}: kNN top-1 {point.KnnTop1:F1}%".PadRight(Console.IsOutputRedirected ? 0 : 100));
        }
    }
}
