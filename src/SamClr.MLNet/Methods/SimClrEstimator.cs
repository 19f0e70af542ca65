using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;

namespace SamClr.MLNet.Methods;

/// <summary>
/// Pre-trains an encoder with SimCLR on the images of an IDataView and returns it as an
/// <see cref="ImageFeaturizerTransformer"/>. Create it with <c>mlContext.Transforms.SimClr(...)</c>.
/// </summary>
public sealed class SimClrEstimator : IEstimator<ImageFeaturizerTransformer>
{
    private readonly IHostEnvironment _environment;
    private readonly SimClrOptions _options;

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.SimClr</c>, which passes the context's environment.</summary>
    public SimClrEstimator(IHostEnvironment environment, SimClrOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.Training.Validate();
        options.EffectiveAugmentation.Validate();
        if (options.Temperature <= 0) throw new ArgumentOutOfRangeException(nameof(options), options.Temperature, "Temperature must be positive.");
        if (!Backbones.Names.Contains(options.Backbone.ToLowerInvariant()))
            throw new ArgumentException($"Unknown backbone '{options.Backbone}'. Choose one of: {string.Join(", ", Backbones.Names)}.", nameof(options));
        _environment = environment;
        _options = options;
    }

    /// <summary>Pre-trains on every image of <paramref name="input"/>'s input column.</summary>
    public ImageFeaturizerTransformer Fit(IDataView input)
    {
        var (images, boxes) = ReadTrainingImages(input);
        var device = ComputeDevices.Resolve(_options.Training.Device, CatalogEnvironment.GpuDeviceId(_environment) ?? 0);
        string name = _options.RegionsColumnName is null ? "SimCLR" : "SAMCLR";
        using var channel = _environment.Start(name);
        channel.Info(MessageSensitivity.None,
            $"{name}: {images.Count} images on a {images.Width}px canvas, {_options.Backbone}, {_options.ViewSize}px views, T={_options.Temperature}, device {device}.");
        if (boxes is RegionBoxSource regions && regions.ImagesWithoutRegions > 0)
            channel.Warning(MessageSensitivity.None, $"{regions.ImagesWithoutRegions} of {images.Count} images have no region and train on the whole image.");
        torch.random.manual_seed(_options.Training.Seed);
        var backbone = Backbones.Create(_options.Backbone);
        var method = new SimClrMethod(backbone, _options.EffectiveAugmentation, _options.Temperature,
            _options.ProjectionHiddenDimension, _options.ProjectionOutputDimension);
        method.to(device);
        PretrainingHistory history;
        try
        {
            history = Pretrainer.Train(method, images, boxes, _options.Training, device,
                _options.Progress, channel, _options.Cancellation);
        }
        catch
        {
            method.Dispose();
            throw;
        }
        method.DisposeAllButBackbone();
        var encoder = new ImageEncoder(backbone, _options.ViewSize, Normalization(_options.EffectiveAugmentation), device);
        return new ImageFeaturizerTransformer(encoder, _options.OutputColumnName, _options.InputColumnName, history);
    }

    /// <summary>
    /// The featurizer <see cref="Fit"/> would return before any training: same architecture, input size and
    /// normalisation, weights initialised from the same seed. The random-init baseline of the paper's comparisons.
    /// </summary>
    public ImageFeaturizerTransformer CreateUntrained()
    {
        var device = ComputeDevices.Resolve(_options.Training.Device, CatalogEnvironment.GpuDeviceId(_environment) ?? 0);
        torch.random.manual_seed(_options.Training.Seed);
        var encoder = new ImageEncoder(Backbones.Create(_options.Backbone), _options.ViewSize, Normalization(_options.EffectiveAugmentation), device);
        return new ImageFeaturizerTransformer(encoder, _options.OutputColumnName, _options.InputColumnName);
    }

    /// <summary>The input shape plus the feature column (a Single vector).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.Any(c => c.Name == _options.InputColumnName))
            throw new ArgumentException($"Input column '{_options.InputColumnName}' was not found.", nameof(inputSchema));
        if (_options.RegionsColumnName != null && !inputSchema.Any(c => c.Name == _options.RegionsColumnName))
            throw new ArgumentException(
                $"Region column '{_options.RegionsColumnName}' was not found; add mlContext.Transforms.SamRegionSample before this estimator.", nameof(inputSchema));
        int dimension = FeatureDimensionOf(_options.Backbone);
        var column = new DataViewSchema.DetachedColumn(_options.OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        return SchemaShapeHelper.Append(inputSchema, new[] { column });
    }

    private (ImageSet Images, IViewBoxSource Boxes) ReadTrainingImages(IDataView input)
    {
        if (_options.RegionsColumnName is null)
        {
            var images = DataViewImages.Read(input, _options.InputColumnName, _options.EffectiveCanvasSize);
            return (images, new WholeImageBoxSource(images));
        }
        var (withRegions, regions) = DataViewImages.ReadWithRegions(input, _options.InputColumnName, _options.RegionsColumnName, _options.EffectiveCanvasSize);
        return (withRegions, new RegionBoxSource(regions, withRegions.Sizes));
    }

    internal static PixelNormalization Normalization(ViewAugmentationOptions views) =>
        views.Normalize ? new PixelNormalization(views.Mean, views.Std) : new PixelNormalization(new[] { 0f, 0f, 0f }, new[] { 1f, 1f, 1f });

    private static int FeatureDimensionOf(string backbone)
    {
        using var net = Backbones.Create(backbone);
        return net.FeatureDimension;
    }
}
