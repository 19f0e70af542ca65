using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>The SwAV pre-training entry points of SamClr.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class SwAVCatalog
{
    /// <summary>
    /// Pre-trains an image encoder with SwAV (multi-crop views, prototypes, Sinkhorn-Knopp codes, swapped prediction) and
    /// returns a featurizer that appends a fixed-size Vector&lt;Single&gt; column. Defaults are Lightly's benchmark SwaV
    /// (the SAMCLR paper's appendix baseline) except the optimiser: see <see cref="SwAVOptions"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to create (default "Features").</param>
    /// <param name="inputColumnName">Image column to read, of ML.NET's image type (default "Image").</param>
    /// <param name="regionsColumnName">Region box column made by <c>SamRegionSample</c> to crop views inside regions, or null
    /// (the default) for whole-image views.</param>
    /// <param name="backbone">Encoder architecture (default "resnet18", the paper's).</param>
    /// <param name="viewSize">Global view and featurizer input size in pixels (default 128, the paper's); local views are half.</param>
    /// <param name="epochs">Passes over the data (default 100).</param>
    /// <param name="batchSize">Images per step (default 256, the paper's).</param>
    /// <param name="prototypeCount">Number of prototypes (default 3000, Lightly's benchmarks).</param>
    /// <param name="temperature">Softmax temperature (default 0.1, SwAV's and Lightly's).</param>
    /// <param name="seed">Random seed (default 0).</param>
    /// <param name="device">Compute device (default Auto: CUDA when available).</param>
    public static SwAVEstimator SwAV(this TransformsCatalog catalog, string outputColumnName = "Features", string inputColumnName = "Image",
        string? regionsColumnName = null, string backbone = "resnet18", int viewSize = 128, int epochs = 100, int batchSize = 256,
        int prototypeCount = 3000, double temperature = 0.1, int seed = 0, ComputeDevice device = ComputeDevice.Auto) =>
        catalog.SwAV(CatalogOptions.Common(new SwAVOptions { PrototypeCount = prototypeCount, Temperature = temperature },
            outputColumnName, inputColumnName, regionsColumnName, backbone, viewSize, epochs, batchSize, seed, device));

    /// <summary>SwAV pre-training with every option available (see <see cref="SwAVOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    public static SwAVEstimator SwAV(this TransformsCatalog catalog, SwAVOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SwAVEstimator(CatalogEnvironment.Of(catalog), options);
    }
}
