using System.CommandLine.Parsing;
using SamClr.MLNet.IO;
using SamClr.MLNet.Onnx.Pipelines;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Pre-trains one method on any supported data set, with SAM region views from imported masks (--masks), a mask
/// store (--store) or the default segmenter, writes the encoder to --out, and when --eval is given compares it with
/// its random-init twin by kNN and linear-probe top-1 on a labelled data set's train and test splits.
/// </summary>
internal sealed class PretrainCommand
{
    private readonly DeviceOptionGroup _device = new();
    private readonly DatasetOptionGroup _images = new("--images", "--format", "The images to pre-train on", required: true);
    private readonly Option<string> _split = CliOption.Choice("--split", "default", "The split to pre-train on: unlabeled or train (default: train for CIFAR-10, unlabeled otherwise).",
        "default", "unlabeled", "unlabelled", "train", "test");
    private readonly Option<int?> _maxImages = CliOption.OptionalInt("--max-images", "Pre-train on at most this many images.", min: 1);
    private readonly Option<string?> _cache = CliOption.OutputDirectory("--cache", "Folder of the image stores (default: --out, else ./samclr-cache).");
    private readonly Option<string> _method = CliOption.WithDefault(new Option<string>("--method")
    {
        Description = $"The method: {string.Join(", ", MethodOptionGroup.Names)}, or NAME+regions for region views.",
        CustomParser = result => result.Tokens.Count == 0 ? "samclr" : result.Tokens[0].Value.ToLowerInvariant(),
    }, "samclr");
    private readonly Option<string?> _masks = CliOption.ExistingDirectory("--masks", "Regions from masks made with SAM in Python (amg.py outputs), one per image.");
    private readonly Option<string?> _store = CliOption.ExistingDirectory("--store", "Regions from a mask store written by samclr segment.");
    private readonly RegionOptionGroup _regions = new();
    private readonly MethodOptionGroup _methodOptions;
    private readonly SeedOptionGroup _seed = new(several: false);
    private readonly Option<string?> _output = CliOption.OutputDirectory("--out", "Write the pre-trained encoder into this folder.");
    private readonly DatasetOptionGroup _eval = new("--eval", "--eval-format", "A labelled data set (train and test splits) to compare the encoder with its random-init twin on", required: false);
    private readonly Option<int?> _evalMax = CliOption.OptionalInt("--eval-max", "Evaluate on at most this many images per split.", min: 1);
    private readonly Option<string?> _saveModel = CliOption.OutputFile("--save-model",
        "Also train a deployable classifier (image file -> encoder -> linear classifier) on --eval, which must be a labelled image folder, and save it as this ML.NET zip.");

    public PretrainCommand()
    {
        _methodOptions = new MethodOptionGroup(_device, "resnet18", 128, 100, singleRun: true);
        Command = new Command("pretrain", "Pre-trains one method on any supported data set and writes the encoder; with --eval, compares it with random init.");
        _images.AddTo(Command);
        Command.Add(_split);
        Command.Add(_maxImages);
        Command.Add(_cache);
        Command.Add(_method);
        Command.Add(_masks);
        Command.Add(_store);
        _regions.AddTo(Command);
        _methodOptions.AddTo(Command);
        _seed.AddTo(Command);
        _device.AddTo(Command);
        Command.Add(_output);
        _eval.AddTo(Command);
        Command.Add(_evalMax);
        Command.Add(_saveModel);
        Command.Exclusive(_masks, _store, "give --masks DIR or --store STORE.");
        foreach (var needsEval in new Option[] { _eval.FormatOption, _evalMax, _saveModel })
            Command.Requires(needsEval, _eval.PathOption, "it applies to the --eval data set; give --eval PATH.");
        Command.Check(MethodProblem);
        Command.Check(result => result.Given(_saveModel) && _eval.Format(result) is { } format && format != DatasetFormat.Folder
            ? $"--save-model trains on the --eval data set's image files, but --eval is {format}: give a labelled image folder (train/ and val/) as --eval, or drop --save-model."
            : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    /// <summary>What is wrong with --method and the options that depend on it, or null.</summary>
    private string? MethodProblem(CommandResult result)
    {
        string method = result.ValueOf(_method);
        if (!MethodOptionGroup.IsKnown(method))
            return $"--method must be one of {string.Join(", ", MethodOptionGroup.Names)}, optionally with +regions (samclr has regions already); got '{method}'.";
        string name = method.Split('+')[0];
        if (result.Given(_methodOptions.MultiCrop!) && name != "samclr")
            return "--multi-crop is the SAMCLR authors' variant: use it with --method samclr.";
        bool regions = name == "samclr" || method.EndsWith("+regions", StringComparison.Ordinal) || result.ValueOf(_methodOptions.RegionViews!);
        if ((result.Given(_masks) || result.Given(_store)) && !regions)
            return "--masks and --store feed region views: use --method samclr, or add --region-views.";
        string? temperature = result.GetValue(_methodOptions.Temperature);
        if (temperature is not null && MethodTemperatures.TryParse(temperature) is { } parsed && parsed.For(method) is null)
            return $"--temperature {temperature} does not set {method}'s temperature: a bare number is for SimCLR, SAMCLR and MoCo; use {name}=VALUE.";
        return null;
    }

    private int Run(ParseResult parse)
    {
        string images = _images.Path(parse)!;
        _device.TorchDevice(parse);
        var format = _images.Format(parse);
        var split = parse.GetValue(_split) switch
        {
            "train" => DataSplit.Train,
            "test" => DataSplit.Test,
            "unlabeled" or "unlabelled" => DataSplit.Unlabeled,
            _ => format == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled,
        };
        string? cache = parse.GetValue(_cache), masks = parse.GetValue(_masks), store = parse.GetValue(_store), output = parse.GetValue(_output);
        var selection = _regions.Selection(parse);
        int seed = _seed.Seed(parse);
        var ml = new MLContext(seed: seed).ShowLibraryMessages();
        var method = _methodOptions.Create(parse, ml, parse.GetValue(_method)!, seed);
        string? eval = _eval.Path(parse), saveModel = parse.GetValue(_saveModel);
        int? evalMax = parse.GetValue(_evalMax);

        // Images are decoded once, at full resolution, into an image store; views are cut from their source pixels.
        var source = DatasetFiles.LoadTraining(images, format, split, parse.GetValue(_maxImages), cache ?? output);
        using var closeSource = source as IDisposable;
        var data = source.ToDataView(ml);
        Console.WriteLine($"Pre-training {method.Describe(masks, store)}...");
        if (method.UsesRegions && masks is null && store is null)
            Console.WriteLine("  (the default segmenter makes the regions as the images are read, one image at a time, before the first step; " +
                "for many images run `samclr segment --images DIR --out STORE` once, in parallel and resumable, and pass --store STORE)");
        using var pretrained = method.Fit(ml, data, images, masks, store, selection);
        var history = pretrained.History!;
        Console.WriteLine($"Pre-training took {history.Elapsed:hh\\:mm\\:ss} ({history.ImagesPerSecond:F0} images/s); loss {history.EpochLosses[0]:F3} -> {history.EpochLosses[^1]:F3}.");
        if (output != null)
        {
            EncoderFiles.Save(pretrained.Encoder, output);
            Console.WriteLine($"Wrote the encoder to {output} ({EncoderFiles.DescriptionFileName}, {EncoderFiles.WeightsFileName}).");
        }
        if (eval == null) return 0;

        var evalFormat = _eval.GivenFormat(parse);
        var trainSet = DatasetFiles.Load(eval, evalFormat, DataSplit.Train, pretrained.Encoder.InputSize, evalMax, cache);
        var train = trainSet.ToDataView(ml);
        var test = DatasetFiles.Load(eval, evalFormat, DataSplit.Test, pretrained.Encoder.InputSize, evalMax, cache).ToDataView(ml);
        using var randomInit = method.Untrained(() => data);
        ResultTable.Print($"Top-1 accuracy (%) on {eval}, {pretrained.Encoder.Backbone.ArchitectureName}:", new[]
        {
            ("random init", SslEvaluation.Evaluate(ml, randomInit, train, test)),
            (method.Name, SslEvaluation.Evaluate(ml, pretrained, train, test)),
        });
        if (saveModel != null) SaveClassifier(ml, pretrained, trainSet, saveModel);
        return 0;
    }

    /// <summary>Trains the deployable classifier (image file -> encoder as ONNX -> linear classifier) and saves it with ML.NET.</summary>
    private static void SaveClassifier(MLContext ml, ImageFeaturizerTransformer featurizer, ImageSet trainSet, string path)
    {
        if (trainSet.Sources is null || trainSet.Labels is null || trainSet.Sources.Any(s => !File.Exists(s)))
            throw new InvalidDataException("--save-model trains on the --eval data set's image files, and some of them are gone or unlabelled.");
        var rows = trainSet.Sources.Select((source, i) => new LabelledImage { ImagePath = source, Label = trainSet.ClassNames![trainSet.Labels[i]] });
        var data = ml.Data.LoadFromEnumerable(rows);
        string onnx = path + ".encoder.onnx";
        try
        {
            var model = ImageClassifierPipeline.Train(ml, featurizer, data, onnx);
            string? savedZip = null;
            // The zip and its SHA-256 (sha256sum's format) replace the previous pair together; samclr-classify checks it.
            AtomicFile.WriteAll("classifier model",
                (path, temp => { ml.Model.Save(model, data.Schema, temp); savedZip = temp; }),
                (path + ".sha256", temp => File.WriteAllText(temp, $"{Sha256(savedZip!)}  {Path.GetFileName(path)}\n")));
        }
        finally
        {
            File.Delete(onnx);
        }
        Console.WriteLine($"Wrote {path} and its SHA-256 in {path}.sha256: image file -> {featurizer.Encoder.Backbone.ArchitectureName} (ONNX) -> linear classifier. " +
            $"Try: samclr-classify --model {path} IMAGE...");
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)).ToLowerInvariant();
    }

    private sealed class LabelledImage
    {
        public string ImagePath { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
