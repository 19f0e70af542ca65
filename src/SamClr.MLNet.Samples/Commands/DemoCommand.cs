using System.Diagnostics;
using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Pre-trains SimCLR on the built-in synthetic scenes and compares the encoder with a random-init
/// encoder of the same architecture, by kNN and linear-probe top-1 on held-out single objects.
/// </summary>
internal static class DemoCommand
{
    public const string Usage =
        "demo [--scenes 6000] [--epochs 40] [--batch 256] [--backbone small-cnn] [--view-size 32] [--temperature 0.5]\n" +
        "     [--lr 0.06] [--eval-train 2000] [--eval-test 1000] [--seed 0] [--device auto|cpu|cuda]";

    public static int Run(CommandLineArguments args)
    {
        int sceneCount = args.Int("scenes", 6000);
        int viewSize = args.Int("view-size", 32);
        var options = new SimClrOptions
        {
            Backbone = args.String("backbone", "small-cnn"),
            ViewSize = viewSize,
            CanvasSize = 96,
            Temperature = args.Double("temperature", 0.5),
            Training = new PretrainingOptions
            {
                Epochs = args.Int("epochs", 40),
                BatchSize = args.Int("batch", 256),
                BaseLearningRate = args.Double("lr", 0.06),
                Seed = args.Int("seed", 0),
                Device = SampleOptions.Device(args),
            },
            Progress = new ConsoleProgressBar("SimCLR"),
        };
        int evalTrain = args.Int("eval-train", 2000), evalTest = args.Int("eval-test", 1000);
        args.EnsureAllUsed();

        var ml = new MLContext(seed: options.Training.Seed);
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"Generating {sceneCount} scenes of 96 px (3-5 objects of 10 classes on clutter) and {evalTrain}+{evalTest} single objects of {viewSize} px...");
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = sceneCount, ImageSize = 96, Seed = options.Training.Seed });
        var train = SyntheticSceneGenerator.GenerateObjects(evalTrain, viewSize, options.Training.Seed + 1).ToDataView(ml);
        var test = SyntheticSceneGenerator.GenerateObjects(evalTest, viewSize, options.Training.Seed + 2).ToDataView(ml);

        Console.WriteLine($"Pre-training SimCLR ({options.Backbone}, {viewSize} px views, batch {options.Training.BatchSize}, {options.Training.Epochs} epochs, T={options.Temperature})...");
        var estimator = ml.Transforms.SimClr(options);
        using var randomInit = estimator.CreateUntrained();
        using var pretrained = estimator.Fit(scenes.Images.ToDataView(ml));
        var history = pretrained.History!;
        Console.WriteLine($"Pre-training took {history.Elapsed:mm\\:ss} ({history.ImagesPerSecond:F0} images/s); loss {history.EpochLosses[0]:F3} -> {history.EpochLosses[^1]:F3}.");

        Console.WriteLine("Evaluating (kNN k=200 T=0.1 and L-BFGS linear probe on frozen features)...");
        ResultTable.Print($"Top-1 accuracy (%) on {evalTest} held-out objects, 10 classes, {options.Backbone}:", new[]
        {
            ("random init", LinearAndKnnEvaluation.Run(ml, randomInit, train, test)),
            ("SimCLR", LinearAndKnnEvaluation.Run(ml, pretrained, train, test)),
        });
        Console.WriteLine($"Total time {clock.Elapsed:mm\\:ss}.");
        return 0;
    }
}
