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
    /// <exception cref="DirectoryNotFoundException">A store is named, none is there, and neither a proposer nor masks say how to make one.</exception>
    public SamRegionSampleTransformer Fit(IDataView input)
    {
        var masks = _options.MasksDirectory is null ? null : ((string ImageRoot, string MaskRoot)?)(_options.ImageRoot!, _options.MasksDirectory);
        string? storeDirectory = _options.StoreDirectory;
        bool storeExists = storeDirectory != null && File.Exists(Path.Combine(storeDirectory, RegionStore.ManifestFileName));
        if (storeDirectory != null && !storeExists && _options.Proposer is null && masks is null)
            throw new DirectoryNotFoundException(
                $"SamRegionSampleOptions.StoreDirectory '{Path.GetFullPath(storeDirectory)}' holds no mask store ({RegionStore.ManifestFileName} is missing). " +
                "Check the path; to create the store, segment the images first (`samclr segment --images DIR --out STORE`) or set " +
                "SamRegionSampleOptions.Proposer (SAM, or new FelzenszwalbSegmenter() for the weight-free segmenter) so regions are computed and stored.");
        RegionLookup lookup;
        if (storeExists && _options.Proposer is null && masks is null)
        {
            // An existing store and nothing said about how to segment: use the store as it is (made by the segment
            // command with SAM, the default segmenter or imported masks); images it lacks train on the whole image.
            lookup = new RegionLookup(null, RegionStore.Open(storeDirectory!), null);
        }
        else
        {
            var proposer = _options.Proposer ?? new FelzenszwalbSegmenter();
            RegionStore? store = null;
            if (storeDirectory != null)
            {
                int? canvas = null;
                if (storeExists)
                    using (var existing = RegionStore.Open(storeDirectory)) canvas = existing.Manifest.CanvasSize;
                var manifest = masks is null ? RegionStoreManifest.For(proposer, canvas) : RegionStoreManifest.ForImportedMasks(_options.MasksDirectory!);
                store = RegionStore.OpenOrCreate(storeDirectory, manifest);
            }
            int proposerMaxSide = _options.ProposerMaxSide ?? (proposer is Segmentation.FelzenszwalbSegmenter ? 512 : int.MaxValue);
            lookup = new RegionLookup(proposer, store, masks, proposerMaxSide);
        }
        var transformer = new SamRegionSampleTransformer(_options, lookup);
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
