using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Pre-trains SimCLR on any supported data set and, when --eval is given, compares the encoder with its
/// random-init twin by kNN and linear-probe top-1 on a labelled data set's train and test splits.
/// </summary>
internal static class PretrainCommand
{
    public const string Usage =
        "pretrain --images PATH [--format cifar10|stl10|folder] [--split unlabeled|train] [--max-images N] [--cache DIR]\n" +
        "         [--method simclr] [--backbone resnet18] [--view-size 128] [--canvas 256] [--epochs 100] [--batch 256]\n" +
        "         [--temperature 0.5] [--lr 0.06] [--seed 0] [--device auto|cpu|cuda]\n" +
        "         [--eval PATH [--eval-format cifar10|stl10|folder] [--eval-max N]]";

    public static int Run(CommandLineArguments args)
    {
        string images = args.String("images") ?? throw new UsageException("--images PATH is required.");
        var format = DatasetArguments.Format(args, "format");
        var split = DatasetArguments.Split(args, "split");
        int? maxImages = args.String("max-images") is null ? null : args.Int("max-images", 0);
        string? cache = args.String("cache");
        string method = args.String("method", "simclr").ToLowerInvariant();
        if (method != "simclr") throw new UsageException($"--method {method} is not available yet; this build offers simclr.");
        var options = new SimClrOptions
        {
            Backbone = args.String("backbone", "resnet18"),
            ViewSize = args.Int("view-size", 128),
            Temperature = args.Double("temperature", 0.5),
            Training = new PretrainingOptions
            {
                Epochs = args.Int("epochs", 100),
                BatchSize = args.Int("batch", 256),
                BaseLearningRate = args.Double("lr", 0.06),
                Seed = args.Int("seed", 0),
                Device = SampleOptions.Device(args),
            },
            Progress = new ConsoleProgressBar("SimCLR"),
        };
        options.CanvasSize = args.Int("canvas", 2 * options.ViewSize);
        string? eval = args.String("eval");
        var evalFormat = DatasetArguments.Format(args, "eval-format");
        int? evalMax = args.String("eval-max") is null ? null : args.Int("eval-max", 0);
        args.EnsureAllUsed();

        var resolvedFormat = format ?? DatasetFormats.Detect(images);
        var pretrainSplit = split ?? (resolvedFormat == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled);
        var ml = new MLContext(seed: options.Training.Seed);
        var pretrainImages = DatasetArguments.Load(images, resolvedFormat, pretrainSplit, options.CanvasSize, maxImages, cache);
        var estimator = ml.Transforms.SimClr(options);
        using var pretrained = estimator.Fit(pretrainImages.ToDataView(ml));
        var history = pretrained.History!;
        Console.WriteLine($"Pre-training took {history.Elapsed:hh\\:mm\\:ss} ({history.ImagesPerSecond:F0} images/s); loss {history.EpochLosses[0]:F3} -> {history.EpochLosses[^1]:F3}.");
        if (eval == null) return 0;

        var train = DatasetArguments.Load(eval, evalFormat, DataSplit.Train, options.ViewSize, evalMax, cache).ToDataView(ml);
        var test = DatasetArguments.Load(eval, evalFormat, DataSplit.Test, options.ViewSize, evalMax, cache).ToDataView(ml);
        using var randomInit = estimator.CreateUntrained();
        ResultTable.Print($"Top-1 accuracy (%) on {eval}, {options.Backbone}:", new[]
        {
            ("random init", LinearAndKnnEvaluation.Run(ml, randomInit, train, test)),
            ("SimCLR", LinearAndKnnEvaluation.Run(ml, pretrained, train, test)),
        });
        return 0;
    }
}
