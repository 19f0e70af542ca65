using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;

namespace Microsoft.ML;

/// <summary>The region sampling entry point of SamClr.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class SamRegionSampleCatalog
{
    /// <summary>
    /// Segments each image into regions (with <paramref name="proposer"/>, the weight-free default segmenter when null),
    /// keeps the coarsest regions of at least <paramref name="minArea"/> pixels, enlarges their boxes by
    /// <paramref name="boxScale"/>, and appends the boxes as a column SAMCLR samples its views in.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Region box column to create (default "Regions").</param>
    /// <param name="inputColumnName">Image column to read (default "Image").</param>
    /// <param name="proposer">Segmenter (default null: the weight-free Felzenszwalb-Huttenlocher segmenter).</param>
    /// <param name="minArea">Smallest region kept, in image pixels (default 1000, the paper's; the authors' code used 600).</param>
    /// <param name="boxScale">Box enlargement about its centre (default 1.3, the paper's; the authors' code used 2.0).</param>
    /// <param name="storeDirectory">Mask store folder that keeps regions across runs (default null: memory only).</param>
    public static SamRegionSampleEstimator SamRegionSample(this TransformsCatalog catalog, string outputColumnName = "Regions",
        string inputColumnName = "Image", IRegionProposer? proposer = null, double minArea = 1000, double boxScale = 1.3,
        string? storeDirectory = null) =>
        catalog.SamRegionSample(new SamRegionSampleOptions
        {
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            Proposer = proposer,
            StoreDirectory = storeDirectory,
            Selection = new RegionSelectionOptions { MinArea = minArea, BoxScale = boxScale },
        });

    /// <summary>Region sampling with every option available (see <see cref="SamRegionSampleOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    public static SamRegionSampleEstimator SamRegionSample(this TransformsCatalog catalog, SamRegionSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SamRegionSampleEstimator(options);
    }
}
