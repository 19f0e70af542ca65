using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.DataViews;
using SamClr.MLNet.Regions.Segmentation;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Regions.Sampling;

/// <summary>
/// Creates a <see cref="SamRegionSampleTransformer"/>: opens (or creates) the mask store and checks that it was made
/// with the same proposer and settings. Nothing is learned; regions are computed when rows are read.
/// Create it with <c>mlContext.Transforms.SamRegionSample(...)</c>.
/// </summary>
public sealed class SamRegionSampleEstimator : IEstimator<SamRegionSampleTransformer>
{
    private readonly SamRegionSampleOptions _options;

    /// <summary>Creates the estimator; prefer <c>mlContext.Transforms.SamRegionSample</c>.</summary>
    public SamRegionSampleEstimator(SamRegionSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MasksDirectory != null && (options.ImagePathColumnName is null || options.ImageRoot is null))
            throw new ArgumentException(
                "MasksDirectory needs ImagePathColumnName and ImageRoot: each image's mask file sits at the image's path relative to ImageRoot.", nameof(options));
        if (options.MasksDirectory != null && !Directory.Exists(options.MasksDirectory))
            throw new DirectoryNotFoundException($"Masks folder '{options.MasksDirectory}' does not exist.");
        _options = options;
    }

    /// <summary>Opens the mask store (when configured) and returns the transformer.</summary>
    /// <exception cref="InvalidOperationException">The store was made with another proposer or other settings.</exception>
    public SamRegionSampleTransformer Fit(IDataView input)
    {
        var proposer = _options.Proposer ?? new FelzenszwalbSegmenter();
        var store = _options.StoreDirectory is null ? null : RegionStore.OpenOrCreate(_options.StoreDirectory, RegionStoreManifest.For(proposer, null));
        var transformer = new SamRegionSampleTransformer(_options, new RegionLookup(proposer, store, _options.MasksDirectory is null ? null : (_options.ImageRoot!, _options.MasksDirectory)));
        transformer.GetOutputSchema(input.Schema);
        return transformer;
    }

    /// <summary>The input shape plus the region box column (a variable-length Single vector).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        if (!inputSchema.Any(c => c.Name == _options.InputColumnName))
            throw new ArgumentException($"Input column '{_options.InputColumnName}' was not found.", nameof(inputSchema));
        return SchemaShapeHelper.Append(inputSchema, new[] { new DataViewSchema.DetachedColumn(_options.OutputColumnName, RegionBoxesColumn.Type) });
    }
}
