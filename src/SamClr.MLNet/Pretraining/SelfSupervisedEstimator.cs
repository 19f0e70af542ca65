using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Models.Interop;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// What every pre-training estimator does: read the images (and region boxes) of an IDataView once, create the
/// backbone and the method, run the shared <see cref="Pretrainer"/>, and return the backbone as an
/// <see cref="ImageFeaturizerTransformer"/>. A method only supplies its name and how to build itself.
/// </summary>
/// <typeparam name="TOptions">The method's options.</typeparam>
public abstract class SelfSupervisedEstimator<TOptions> : IEstimator<ImageFeaturizerTransformer>
    where TOptions : SelfSupervisedOptions
{
    private readonly IHostEnvironment _environment;

    /// <summary>Creates the estimator and validates <paramref name="options"/>.</summary>
    private protected SelfSupervisedEstimator(IHostEnvironment environment, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _environment = environment;
        Options = options;
    }

    /// <summary>The options this estimator trains with.</summary>
    public TOptions Options { get; }

    /// <summary>Name used in logs ("SimCLR", "MoCo", ...).</summary>
    private protected abstract string MethodName { get; }

    /// <summary>Creates the method around a freshly initialised <paramref name="backbone"/>.</summary>
    private protected abstract SelfSupervisedMethod CreateMethod(Backbone backbone);

    /// <summary>The normalisation the method's views use, which the featurizer repeats.</summary>
    private protected abstract PixelNormalization Normalization { get; }

    /// <summary>Pre-trains on every image of <paramref name="input"/>'s input column.</summary>
    public ImageFeaturizerTransformer Fit(IDataView input)
    {
        // The device first: a missing GPU is reported before the images are read.
        var selection = ComputeDevices.Select(Options.Training.Device, CatalogEnvironment.GpuDeviceId(_environment) ?? 0);
        var device = selection.Device;
        using var channel = _environment.Start(MethodName);
        var regionLog = Options.RegionsColumnName is null ? null : new RegionReadingLog(channel, MethodName);
        using var training = DataViewImages.ReadForTraining(input, Options.InputColumnName, Options.RegionsColumnName, Options.MaxImageSide, Options.WorkingDirectory,
            regionLog is null ? null : regionLog.RowRead);
        var images = training.Images;
        IViewBoxSource boxes = training.Regions is null ? new WholeImageBoxSource(images) : new RegionBoxSource(training.Regions, images.Sizes);
        string views = Options.RegionsColumnName is null ? "whole-image views" : $"views inside regions of column '{Options.RegionsColumnName}'";
        channel.Info(MessageSensitivity.None,
            $"{MethodName}: {images.Count} images at their own resolution{(training.Copied ? " (copied to a temporary image store)" : "")}, {Options.Backbone}, {Options.ViewSize}px {views} cut from the source pixels, device {selection}.");
        if (boxes is RegionBoxSource regions && regions.ImagesWithoutRegions > 0)
            channel.Warning(MessageSensitivity.None, $"{regions.ImagesWithoutRegions} of {images.Count} images have no region and train on the whole image.");
        // The estimator's own generator: initialisation does not touch (or depend on) libtorch's process-wide one.
        using var generator = new torch.Generator((ulong)Options.Training.Seed);
        var backbone = CreateBackbone(generator);
        if (Options.InitialWeights is not null)
        {
            BackboneWeights.LoadInto(backbone, Options.InitialWeights);
            channel.Info(MessageSensitivity.None, $"Backbone initialised from {Options.InitialWeights}.");
        }
        var method = CreateMethod(backbone);
        method.InitializeHeads(generator);
        method.to(device);
        var statistics = DatasetStatistics(images, channel);
        PretrainingHistory history;
        try
        {
            history = Pretrainer.Train(method, images, boxes, Options.Training, device, Options.Progress, channel, Options.Cancellation, statistics);
        }
        catch
        {
            method.Dispose();
            throw;
        }
        method.DisposeAllButBackbone();
        var encoder = new ImageEncoder(backbone, Options.ViewSize, NormalizationFor(statistics), device);
        return new ImageFeaturizerTransformer(encoder, Options.OutputColumnName, Options.InputColumnName, history);
    }

    /// <summary>The training images' channel statistics when <see cref="SelfSupervisedOptions.NormalizeWithDatasetStatistics"/> is set, else null.</summary>
    private ChannelStatistics? DatasetStatistics(ISourceImages images, IChannel? channel)
    {
        if (!Options.NormalizeWithDatasetStatistics) return null;
        var statistics = ChannelStatistics.Measure(images);
        channel?.Info(MessageSensitivity.None,
            $"Normalising with the data set's statistics (from {Math.Min(images.Count, ChannelStatistics.DefaultMaxImages)} images): mean ({string.Join(", ", statistics.Mean.Select(v => v.ToString("0.000")))}), std ({string.Join(", ", statistics.Std.Select(v => v.ToString("0.000")))}).");
        return statistics;
    }

    private PixelNormalization NormalizationFor(ChannelStatistics? statistics) =>
        statistics is null ? Normalization : new PixelNormalization(statistics.Mean, statistics.Std);

    /// <summary>
    /// The featurizer <see cref="Fit"/> would return before any training: same architecture, input size and
    /// normalisation, weights drawn from a generator of the same seed. The random-init baseline of the paper's comparisons.
    /// </summary>
    /// <param name="input">The training data, needed (only) with <see cref="SelfSupervisedOptions.NormalizeWithDatasetStatistics"/>
    /// to measure the statistics <see cref="Fit"/> would normalise with.</param>
    public ImageFeaturizerTransformer CreateUntrained(IDataView? input = null)
    {
        ChannelStatistics? statistics = null;
        if (Options.NormalizeWithDatasetStatistics)
        {
            if (input is null)
                throw new ArgumentNullException(nameof(input),
                    $"{nameof(SelfSupervisedOptions.NormalizeWithDatasetStatistics)} is set: pass the training data to {nameof(CreateUntrained)} so the untrained featurizer normalises with the statistics Fit would measure.");
            using var training = DataViewImages.ReadForTraining(input, Options.InputColumnName, null, Options.MaxImageSide, Options.WorkingDirectory);
            statistics = DatasetStatistics(training.Images, null);
        }
        var device = ComputeDevices.Resolve(Options.Training.Device, CatalogEnvironment.GpuDeviceId(_environment) ?? 0);
        using var generator = new torch.Generator((ulong)Options.Training.Seed);
        var encoder = new ImageEncoder(CreateBackbone(generator), Options.ViewSize, NormalizationFor(statistics), device);
        return new ImageFeaturizerTransformer(encoder, Options.OutputColumnName, Options.InputColumnName);
    }

    /// <summary>A new backbone of <see cref="SelfSupervisedOptions.Backbone"/> with its initial weights drawn from <paramref name="generator"/>.</summary>
    private Backbone CreateBackbone(torch.Generator generator)
    {
        var backbone = Backbones.Create(Options.Backbone);
        SeededInitialization.Apply(backbone, generator);
        return backbone;
    }

    /// <summary>The input shape plus the feature column (a Single vector).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.Any(c => c.Name == Options.InputColumnName))
            throw new ArgumentException($"Input column '{Options.InputColumnName}' was not found.", nameof(inputSchema));
        if (Options.RegionsColumnName != null && !inputSchema.Any(c => c.Name == Options.RegionsColumnName))
            throw new ArgumentException(
                $"Region column '{Options.RegionsColumnName}' was not found; add mlContext.Transforms.SamRegionSample before this estimator.", nameof(inputSchema));
        int dimension;
        using (var net = Backbones.Create(Options.Backbone)) dimension = net.FeatureDimension;
        var column = new DataViewSchema.DetachedColumn(Options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        return SchemaShapeHelper.Append(inputSchema, new[] { column });
    }

    /// <summary>The normalisation of <paramref name="views"/>, as the featurizer must repeat it.</summary>
    private protected static PixelNormalization NormalizationOf(ViewAugmentationOptions views) =>
        views.Normalize ? new PixelNormalization(views.Mean, views.Std) : new PixelNormalization(new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f });
}
