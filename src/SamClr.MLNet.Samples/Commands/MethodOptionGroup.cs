using SamClr.MLNet.Models;
using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The options that configure a pre-training method: --backbone, --view-size, --epochs, --batch, --lr, --temperature
/// (one number for the contrastive methods, or method=value pairs: <see cref="MethodTemperatures"/>), --crop-scale
/// (SimCLR and SAMCLR only; other methods keep their views), --init (starting weights: PyTorch state_dict or
/// safetensors), --dataset-stats (normalise with the pre-training images' channel statistics instead of ImageNet's),
/// and for a single pre-training also --checkpoints DIR (a checkpoint every epoch and on Ctrl+C), --resume PATH
/// (continue from a checkpoint), --region-views (region views for a method other than samclr; a name such as
/// "moco+regions" does the same) and --multi-crop (samclr's code variant). Turns a method name and them into a
/// pre-training estimator.
/// </summary>
internal sealed class MethodOptionGroup
{
    /// <summary>The method names, without the +regions suffix.</summary>
    public static readonly string[] Names = { "simclr", "samclr", "moco", "dino", "swav" };

    private const string RegionsSuffix = "+regions";
    private readonly DeviceOptionGroup _device;
    private readonly bool _singleRun;
    private readonly Option<string> _backbone;
    private readonly Option<int> _viewSize;
    private readonly Option<int> _epochs;
    private readonly Option<int> _batch = CliOption.Int("--batch", 256, "Images per pre-training step.", min: 1);
    private readonly Option<double?> _rate = CliOption.OptionalDouble("--lr", "Base learning rate (default: the method's).", above: 0);
    private readonly Option<double?> _cropScale = CliOption.OptionalDouble("--crop-scale",
        "Smallest crop of SimCLR's and SAMCLR's two views, as a share of the image or region (0.08 paper, 0.5 the authors' configs).", above: 0);
    private readonly Option<string?> _init = CliOption.ExistingFile("--init", "Starting weights of the backbone: a PyTorch state_dict (.pt) or a safetensors file.");
    private readonly Option<bool> _datasetStats = CliOption.Flag("--dataset-stats", "Normalise with the pre-training images' channel statistics instead of ImageNet's.");
    private readonly Option<string?> _checkpoints = CliOption.OutputDirectory("--checkpoints", "Write a checkpoint into this folder after every epoch and on Ctrl+C.");
    private readonly Option<string?> _resume = CliOption.ExistingPath("--resume", "Continue from a checkpoint file, or the latest checkpoint in a folder.");
    private readonly Option<bool> _regionViews = CliOption.Flag("--region-views", "Cut a method's views from regions as SAMCLR does (like the name NAME+regions).");
    private readonly Option<bool> _multiCrop = CliOption.Flag("--multi-crop", "SAMCLR's code variant with extra small crops (--method samclr only).");

    /// <param name="device">The command's device options.</param>
    /// <param name="backbone">The default backbone.</param>
    /// <param name="viewSize">The default view size.</param>
    /// <param name="epochs">The default number of epochs.</param>
    /// <param name="singleRun">Whether the command pre-trains one method once and takes the loop options (--checkpoints, --resume, --region-views, --multi-crop).</param>
    public MethodOptionGroup(DeviceOptionGroup device, string backbone, int viewSize, int epochs, bool singleRun)
    {
        _device = device;
        _singleRun = singleRun;
        _backbone = BackboneOption(backbone);
        _viewSize = CliOption.Int("--view-size", viewSize, "Side of the square views in pixels (and the encoder's input size).", min: 8);
        _epochs = CliOption.Int("--epochs", epochs, "Pre-training epochs.", min: 1);
        Temperature = new Option<string?>("--temperature")
        {
            Description = "Temperature: one number for SimCLR, SAMCLR and MoCo, or method=value pairs (simclr=0.07,dino=0.1) (default: the method's).",
        };
        Temperature.Validators.Add(result =>
        {
            try
            {
                MethodTemperatures.Parse(result.GetValueOrDefault<string?>());
            }
            catch (UsageException e)
            {
                result.AddError(e.Message);
            }
        });
    }

    /// <summary>--backbone with <paramref name="defaultName"/> as its default: one of the library's backbones.</summary>
    public static Option<string> BackboneOption(string defaultName)
    {
        var option = CliOption.Choice("--backbone", defaultName, $"The encoder's backbone: {CliOption.Alternatives(Backbones.Names)}.", Backbones.Names.ToArray());
        option.HelpName = "NAME";
        return option;
    }

    /// <summary>--temperature (its value is checked against the methods by the command).</summary>
    public Option<string?> Temperature { get; }

    /// <summary>--epochs (a command may take its default from elsewhere when it is not given).</summary>
    public Option<int> Epochs => _epochs;

    /// <summary>--multi-crop (null when the command does not take it).</summary>
    public Option<bool>? MultiCrop => _singleRun ? _multiCrop : null;

    /// <summary>--region-views (null when the command does not take it).</summary>
    public Option<bool>? RegionViews => _singleRun ? _regionViews : null;

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _backbone, _viewSize, _epochs, _batch, _rate, Temperature, _cropScale, _init, _datasetStats })
            command.Add(option);
        if (!_singleRun) return;
        foreach (var option in new Option[] { _checkpoints, _resume, _regionViews, _multiCrop })
            command.Add(option);
        command.Exclusive(_cropScale, _multiCrop, "--crop-scale sets the smallest crop of SimCLR's and SAMCLR's two views; the multi-crop views have their own.");
    }

    /// <summary>The temperatures of --temperature.</summary>
    public MethodTemperatures Temperatures(ParseResult parse) => MethodTemperatures.Parse(parse.GetValue(Temperature));

    /// <summary>The epochs, batch size, view size, backbone, learning rate and crop scale given (or defaulted).</summary>
    public (int Epochs, int Batch, int ViewSize, string Backbone, double? Rate, double? CropScale) Settings(ParseResult parse) =>
        (parse.GetValue(_epochs), parse.GetValue(_batch), parse.GetValue(_viewSize), parse.GetValue(_backbone)!, parse.GetValue(_rate), parse.GetValue(_cropScale));

    /// <summary>Whether <paramref name="method"/> (a name, optionally with +regions) is one this group configures.</summary>
    public static bool IsKnown(string method)
    {
        string name = method.EndsWith(RegionsSuffix, StringComparison.Ordinal) ? method[..^RegionsSuffix.Length] : method;
        return Names.Contains(name) && method != "samclr" + RegionsSuffix;
    }

    /// <summary>
    /// A configured estimator, how to get its random-init twin, and the temperature it trains with. The twin is given a
    /// way to load the pre-training data, which it calls only with --dataset-stats (to measure the normalisation).
    /// </summary>
    public sealed record Method(string Name, IEstimator<ImageFeaturizerTransformer> Estimator, Func<Func<IDataView>, ImageFeaturizerTransformer> Untrained, bool UsesRegions, double Temperature)
    {
        /// <summary>"NAME", and where its regions come from when it uses them.</summary>
        public string Describe(string? masks, string? store) =>
            UsesRegions ? $"{Name} with regions from {masks ?? store ?? "the default segmenter"}" : Name;

        /// <summary>
        /// Pre-trains on <paramref name="data"/> (images with their Source paths below <paramref name="imageRoot"/>); a
        /// method with region views reads them through SamRegionSample from <paramref name="masks"/>, the mask store
        /// <paramref name="store"/>, or else the default segmenter.
        /// </summary>
        public ImageFeaturizerTransformer Fit(MLContext ml, IDataView data, string imageRoot, string? masks, string? store, RegionSelectionOptions selection) =>
            UsesRegions
                ? ml.Transforms.SamRegionSample(new SamRegionSampleOptions
                {
                    ImagePathColumnName = ImageSetDataViewExtensions.SourceColumn,
                    ImageRoot = imageRoot,
                    MasksDirectory = masks,
                    StoreDirectory = store,
                    Selection = selection,
                }).Append(Estimator).Fit(data).LastTransformer
                : Estimator.Fit(data);
    }

    /// <summary>
    /// Configures <paramref name="method"/> (a name checked by <see cref="IsKnown"/>) with the options given.
    /// <paramref name="training"/>, when given, adjusts the loop settings last (a caller that manages its own checkpoints);
    /// <paramref name="cancellation"/>, when given, stops training instead of a Ctrl+C handler of its own;
    /// <paramref name="presetTemperatures"/>, when given, replaces the methods' defaults (a table's preset) where --temperature is silent.
    /// </summary>
    public Method Create(ParseResult parse, MLContext ml, string method, int seed, Action<PretrainingOptions>? training = null,
        CancellationToken? cancellation = null, MethodTemperatures? presetTemperatures = null)
    {
        string fullName = method;
        bool regionSuffix = method.EndsWith(RegionsSuffix, StringComparison.Ordinal);
        if (regionSuffix) method = method[..^RegionsSuffix.Length];
        bool regionViews = _singleRun && parse.GetValue(_regionViews) || regionSuffix || method == "samclr";
        bool multiCrop = _singleRun && parse.GetValue(_multiCrop);
        double? temperature = Temperatures(parse).For(fullName) ?? presetTemperatures?.For(fullName);
        var (epochs, batch, viewSize, backbone, rate, cropScale) = Settings(parse);
        void Common(SelfSupervisedOptions o)
        {
            o.Backbone = backbone;
            o.ViewSize = viewSize;
            o.RegionsColumnName = regionViews ? "Regions" : null;
            o.InitialWeights = parse.GetValue(_init);
            o.NormalizeWithDatasetStatistics = parse.GetValue(_datasetStats);
            o.Training.CheckpointDirectory = _singleRun ? parse.GetValue(_checkpoints) : null;
            o.Training.ResumeFrom = _singleRun ? parse.GetValue(_resume) : null;
            o.Training.Epochs = epochs;
            o.Training.BatchSize = batch;
            o.Training.BaseLearningRate = rate ?? o.Training.BaseLearningRate;
            o.Training.Seed = seed;
            o.Training.Device = _device.Device(parse);
            o.Training.AllowTf32 = _device.AllowTf32(parse);
            training?.Invoke(o.Training);
        }
        string label = regionViews && method != "samclr" ? $"{method}+regions" : method;
        var progress = new PretrainingProgressBar(label);
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
        return method switch
        {
            "simclr" or "samclr" => Make(new SimClrOptions(), o =>
            {
                o.Temperature = temperature ?? (method == "samclr" ? 0.07 : 0.5);
                o.MinCropScale = cropScale;
                if (multiCrop) o.MultiCrop = MultiCropOptions.SamClrCodeVariant(o.ViewSize, o.ViewSize / 2);
            }, ml.Transforms.SimClr, o => o.Temperature),
            "moco" => Make(new MoCoOptions(), o => o.Temperature = temperature ?? o.Temperature, ml.Transforms.MoCo, o => o.Temperature),
            "dino" => Make(new DinoOptions(), o => o.StudentTemperature = temperature ?? o.StudentTemperature, ml.Transforms.Dino, o => o.StudentTemperature),
            "swav" => Make(new SwAVOptions(), o => o.Temperature = temperature ?? o.Temperature, ml.Transforms.SwAV, o => o.Temperature),
            _ => throw new ArgumentException($"Unknown method '{fullName}'.", nameof(method)),
        };
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
