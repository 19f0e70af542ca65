using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.IO;
using SamClr.MLNet.Onnx.Pipelines;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Pre-trains one method on any supported data set, with SAM region views from imported masks (--masks), a mask
/// store (--store) or the default segmenter, writes the encoder to --out, and when --eval is given compares it with
/// its random-init twin by kNN and linear-probe top-1 on a labelled data set's train and test splits.
/// </summary>
internal static class PretrainCommand
{
    public const string Usage =
        "pretrain --images PATH [--format cifar10|stl10|folder] [--split unlabeled|train] [--max-images N] [--cache DIR]\n" +
        "         [--method " + MethodArguments.Names + "] [--region-views] [--multi-crop] [--masks DIR | --store STORE] [--min-area 1000] [--box-scale 1.3]\n" +
        "         [--backbone resnet18] [--view-size 128] [--epochs 100] [--batch 256] [--lr L] [--temperature T|method=T,...] [--crop-scale S] [--dataset-stats]\n" +
        "         [--init WEIGHTS.pt|.safetensors] [--checkpoints DIR] [--resume CHECKPOINT|DIR] [--seed 0] " + SampleOptions.DeviceUsage + " [--out DIR]\n" +
        "         [--eval PATH [--eval-format F] [--eval-max N] [--save-model MODEL.zip]]";

    public static int Run(CommandLineArguments args)
    {
        string images = args.String("images") ?? throw new UsageException("--images PATH is required.");
        SampleOptions.TorchDevice(args);
        var format = DatasetArguments.Format(args, "format") ?? DatasetFormats.Detect(images);
        var split = DatasetArguments.Split(args, "split") ?? (format == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled);
        int? maxImages = args.String("max-images") is null ? null : args.Int("max-images", 0);
        string? cache = args.String("cache"), masks = args.String("masks"), store = args.String("store"), output = args.String("out");
        var selection = RegionArguments.Selection(args);
        var ml = new MLContext(seed: args.Int("seed", 0)).PrintWarnings();
        string methodName = args.String("method", "samclr").ToLowerInvariant();
        if (MethodTemperatures.Parse(args.String("temperature")).For(methodName) is null && args.String("temperature") is { } given)
            throw new UsageException($"--temperature {given} does not set {methodName}'s temperature: a bare number is for SimCLR, SAMCLR and MoCo; use {methodName.Split('+')[0]}=VALUE.");
        var method = MethodArguments.Create(ml, args, methodName, "resnet18", 128, 100);
        string? eval = args.String("eval");
        var evalFormat = DatasetArguments.Format(args, "eval-format");
        int? evalMax = args.String("eval-max") is null ? null : args.Int("eval-max", 0);
        string? saveModel = args.String("save-model");
        args.EnsureAllUsed();
        if (saveModel != null && eval is null) throw new UsageException("--save-model trains a classifier on the --eval data set: give --eval PATH.");
        if (masks != null && store != null) throw new UsageException("Give --masks or --store, not both.");
        if ((masks != null || store != null) && !method.UsesRegions)
            throw new UsageException("--masks and --store feed region views: use --method samclr, or add --region-views.");

        // Images are decoded once, at full resolution, into an image store; views are cut from their source pixels.
        var source = DatasetArguments.LoadTraining(images, format, split, maxImages, cache ?? output);
        using var closeSource = source as IDisposable;
        var data = source.ToDataView(ml);
        Console.WriteLine($"Pre-training {method.Name}{(method.UsesRegions ? $" with regions from {masks ?? store ?? "the default segmenter"}" : "")}...");
        using var pretrained = method.UsesRegions
            ? ml.Transforms.SamRegionSample(new SamRegionSampleOptions
            {
                ImagePathColumnName = ImageSetDataViewExtensions.SourceColumn,
                ImageRoot = images,
                MasksDirectory = masks,
                StoreDirectory = store,
                Selection = selection,
            }).Append(method.Estimator).Fit(data).LastTransformer
            : method.Estimator.Fit(data);
        var history = pretrained.History!;
        Console.WriteLine($"Pre-training took {history.Elapsed:hh\\:mm\\:ss} ({history.ImagesPerSecond:F0} images/s); loss {history.EpochLosses[0]:F3} -> {history.EpochLosses[^1]:F3}.");
        if (output != null)
        {
            EncoderFiles.Save(pretrained.Encoder, output);
            Console.WriteLine($"Wrote the encoder to {output} ({EncoderFiles.DescriptionFileName}, {EncoderFiles.WeightsFileName}).");
        }
        if (eval == null) return 0;

        var trainSet = DatasetArguments.Load(eval, evalFormat, DataSplit.Train, pretrained.Encoder.InputSize, evalMax, cache);
        var train = trainSet.ToDataView(ml);
        var test = DatasetArguments.Load(eval, evalFormat, DataSplit.Test, pretrained.Encoder.InputSize, evalMax, cache).ToDataView(ml);
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
            throw new UsageException("--save-model trains on the --eval data set's image files: --eval must be a labelled image folder (train/ and val/).");
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
