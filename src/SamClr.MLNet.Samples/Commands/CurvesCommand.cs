using SamClr.MLNet.Compute;
using SamClr.MLNet.Models;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Samples.Plots;
using SamClr.MLNet.Scenes;
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
internal sealed class CurvesCommand
{
    private readonly Option<string> _output = CliOption.Text("--out", "curves", "Folder of curves.csv and curves.png.");
    private readonly Option<string?> _fromCsv = CliOption.ExistingFile("--from-csv", "Only redraw the plot of an existing curves CSV (no training).");
    private readonly ComparisonOptionGroup _comparison = new(2000, null, epochs: 20, evalTrain: 1000, evalTest: 500);
    private readonly Option<int> _monitorEvery = CliOption.Int("--monitor-every", 2, "Measure kNN top-1 every this many epochs (and after the last).", min: 1);
    private readonly RegionOptionGroup _regions = new(minArea: 100);
    private readonly SeedOptionGroup _seeds = new(several: true);
    private readonly DeviceOptionGroup _device = new();

    public CurvesCommand()
    {
        Command = new Command("curves", "Figure 2 on the built-in scenes: kNN accuracy during pre-training of SimCLR and SAMCLR beside random init, as CSV and PNG.");
        Command.Add(_output);
        Command.Add(_fromCsv);
        _comparison.AddTo(Command);
        Command.Add(_monitorEvery);
        _regions.AddTo(Command);
        _seeds.AddTo(Command);
        _device.AddTo(Command);
        foreach (var option in _comparison.TrainingOptions.Append(_monitorEvery))
            Command.Check(result => result.Given(_fromCsv) && result.Given(option)
                ? $"--from-csv only redraws the plot of a CSV; {option.Name} is a setting of the training run: drop one of them." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string output = parse.GetValue(_output)!;
        if (parse.GetValue(_fromCsv) is { } fromCsv)
        {
            var read = LearningCurveCsv.Read(fromCsv);
            if (read.Count == 0) throw new InvalidDataException($"'{fromCsv}' holds no learning-curve points.");
            string png = Path.Combine(output, "curves.png");
            LearningCurvePlot.WritePng(png, read, "kNN accuracy during pre-training");
            Console.WriteLine($"Wrote {png} ({LearningCurvePlot.DefaultWidth}x{LearningCurvePlot.DefaultHeight}).");
            return 0;
        }

        var seeds = _seeds.Seeds(parse);
        var settings = _comparison.Read(parse);
        int sceneCount = settings.Scenes, viewSize = settings.ViewSize, seed = seeds[0];
        int epochs = settings.Epochs, monitorEvery = parse.GetValue(_monitorEvery), batch = settings.Batch;
        double learningRate = settings.LearningRate;
        string backbone = settings.Backbone;
        double temperature = settings.Temperature, samclrTemperature = settings.SamClrTemperature;
        var selection = _regions.Selection(parse);
        int evalTrain = settings.EvalTrain, evalTest = settings.EvalTest;
        var device = _device.TorchDevice(parse).Requested;
        bool allowTf32 = _device.AllowTf32(parse);
        string work = settings.Work ?? Path.Combine(Path.GetTempPath(), $"samclr-curves-{seed}-{sceneCount}");

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
                Progress = new PretrainingProgressBar(label),
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
        var table = new System.Text.StringBuilder().AppendLine().AppendLine("kNN top-1 (%):");
        table.AppendLine("| method | final | best |").AppendLine("| --- | --- | --- |");
        foreach (var curve in curves)
            table.AppendLine($"| {curve.Name} | {curve.Points[^1].KnnTop1:F1} | {curve.Points.Max(p => p.KnnTop1):F1} |");
        MarkdownText.Print(table.ToString());
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
            ProgressDisplay.WriteLine($"  {inner.Curve.Name} epoch {epoch} step {step}: kNN top-1 {point.KnnTop1:F1}%");
        }
    }
}
