using Microsoft.ML;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Turns "--method NAME" and the shared training options into a pre-training estimator.</summary>
internal static class MethodArguments
{
    public const string Names = "simclr|samclr|moco|dino|swav";

    /// <summary>
    /// A configured estimator, how to get its random-init twin, and the temperature it trains with. The twin is given a
    /// way to load the pre-training data, which it calls only with --dataset-stats (to measure the normalisation).
    /// </summary>
    public sealed record Method(string Name, IEstimator<ImageFeaturizerTransformer> Estimator, Func<Func<IDataView>, ImageFeaturizerTransformer> Untrained, bool UsesRegions, double Temperature);

    /// <summary>
    /// Reads the method and its options: --backbone, --view-size, --epochs, --batch, --lr, --temperature (one
    /// number for the contrastive methods, or method=value pairs: <see cref="MethodTemperatures"/>), --crop-scale (SimCLR and SAMCLR only; other methods keep their views),
    /// --seed, --device, --init (starting weights: PyTorch state_dict or safetensors), --checkpoints DIR (a checkpoint
    /// every epoch and on Ctrl+C), --resume PATH (continue from a checkpoint), --region-views (region views for a
    /// method other than samclr; a name such as "moco+regions" does the same), --multi-crop (samclr's code variant),
    /// --dataset-stats (normalise with the pre-training images' channel statistics instead of ImageNet's).
    /// <paramref name="training"/>, when given, adjusts the loop settings last (a caller that manages its own checkpoints);
    /// <paramref name="cancellation"/>, when given, stops training instead of a Ctrl+C handler of its own;
    /// <paramref name="presetTemperatures"/>, when given, replaces the methods' defaults (a table's preset) where --temperature is silent.
    /// </summary>
    public static Method Create(MLContext ml, CommandLineArguments args, string method, string defaultBackbone, int defaultViewSize,
        int defaultEpochs, Action<PretrainingOptions>? training = null, CancellationToken? cancellation = null,
        MethodTemperatures? presetTemperatures = null)
    {
        string fullName = method;
        const string regionsSuffix = "+regions";
        bool regionSuffix = method.EndsWith(regionsSuffix, StringComparison.Ordinal);
        if (regionSuffix) method = method[..^regionsSuffix.Length];
        bool regionViews = args.Flag("region-views") || regionSuffix || method == "samclr";
        bool multiCrop = args.Flag("multi-crop");
        double? temperature = MethodTemperatures.Parse(args.String("temperature")).For(fullName) ?? presetTemperatures?.For(fullName);
        double? rate = args.String("lr") is null ? null : args.Double("lr", 0);
        double? cropScale = args.String("crop-scale") is null ? null : args.Double("crop-scale", 0);
        if (cropScale != null && multiCrop)
            throw new UsageException("--crop-scale sets the smallest crop of SimCLR's and SAMCLR's two views (0.08 paper, 0.5 the authors' configs); the multi-crop views have their own.");
        void Common(SelfSupervisedOptions o)
        {
            o.Backbone = args.String("backbone", defaultBackbone);
            o.ViewSize = args.Int("view-size", defaultViewSize);
            o.RegionsColumnName = regionViews ? "Regions" : null;
            o.InitialWeights = args.String("init");
            o.NormalizeWithDatasetStatistics = args.Flag("dataset-stats");
            o.Training.CheckpointDirectory = args.String("checkpoints");
            o.Training.ResumeFrom = args.String("resume");
            o.Training.Epochs = args.Int("epochs", defaultEpochs);
            o.Training.BatchSize = args.Int("batch", 256);
            o.Training.BaseLearningRate = rate ?? o.Training.BaseLearningRate;
            o.Training.Seed = args.Int("seed", 0);
            o.Training.Device = SampleOptions.Device(args);
            o.Training.AllowTf32 = SampleOptions.AllowTf32(args);
            training?.Invoke(o.Training);
        }
        if (multiCrop && method != "samclr") throw new UsageException("--multi-crop is the SAMCLR authors' variant: use it with --method samclr.");
        string label = regionViews && method != "samclr" ? $"{method}+regions" : method;
        var progress = new ConsoleProgressBar(label);
        var stop = cancellation ?? StopOnCtrlC();
        Method Make<TOptions>(TOptions options, Action<TOptions> specific, Func<TOptions, SelfSupervisedEstimator<TOptions>> create, Func<TOptions, double> used)
            where TOptions : SelfSupervisedOptions
        {
            options.Progress = progress;
            options.Cancellation = stop;
            Common(options);
            specific(options);
            var estimator = create(options);
            return new Method(label, estimator, data => estimator.CreateUntrained(options.NormalizeWithDatasetStatistics ? data() : null), regionViews, used(options));
        }
        switch (method)
        {
            case "simclr" or "samclr":
                return Make(new SimClrOptions(), o =>
                {
                    o.Temperature = temperature ?? (method == "samclr" ? 0.07 : 0.5);
                    o.MinCropScale = cropScale;
                    if (multiCrop) o.MultiCrop = MultiCropOptions.SamClrCodeVariant(o.ViewSize, o.ViewSize / 2);
                }, ml.Transforms.SimClr, o => o.Temperature);
            case "moco":
                return Make(new MoCoOptions(), o => o.Temperature = temperature ?? o.Temperature, ml.Transforms.MoCo, o => o.Temperature);
            case "dino":
                return Make(new DinoOptions(), o => o.StudentTemperature = temperature ?? o.StudentTemperature, ml.Transforms.Dino, o => o.StudentTemperature);
            case "swav":
                return Make(new SwAVOptions(), o => o.Temperature = temperature ?? o.Temperature, ml.Transforms.SwAV, o => o.Temperature);
            default:
                throw new UsageException($"--method must be one of {Names}, optionally with +regions (got '{method}').");
        }
    }

    /// <summary>A token that Ctrl+C cancels: training then stops before the next step (writing a checkpoint when it has a directory) instead of being killed.</summary>
    public static CancellationToken StopOnCtrlC()
    {
        var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        return stop.Token;
    }
}
