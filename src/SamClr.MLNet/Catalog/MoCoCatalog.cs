using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>The MoCo v2 pre-training entry points of SamClr.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class MoCoCatalog
{
    /// <summary>
    /// Pre-trains an image encoder with MoCo v2 (momentum key encoder, memory bank of negatives, symmetric InfoNCE loss)
    /// and returns a featurizer that appends a fixed-size Vector&lt;Single&gt; column. Defaults are Lightly's benchmark
    /// MoCo, the SAMCLR paper's baseline; see <see cref="MoCoOptions"/> for every setting.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to create (default "Features").</param>
    /// <param name="inputColumnName">Image column to read, of ML.NET's image type (default "Image").</param>
    /// <param name="regionsColumnName">Region box column made by <c>SamRegionSample</c> to crop views inside regions, or null
    /// (the default) for whole-image views.</param>
    /// <param name="backbone">Encoder architecture (default "resnet18", the paper's).</param>
    /// <param name="viewSize">View and featurizer input size in pixels (default 128, the paper's).</param>
    /// <param name="epochs">Passes over the data (default 100).</param>
    /// <param name="batchSize">Images per step (default 256, the paper's).</param>
    /// <param name="temperature">InfoNCE temperature (default 0.1, Lightly's benchmarks).</param>
    /// <param name="memoryBankSize">Negatives kept in the queue (default 4096, Lightly's benchmarks).</param>
    /// <param name="seed">Random seed (default 0).</param>
    /// <param name="device">Compute device (default Auto: CUDA when available).</param>
    public static MoCoEstimator MoCo(this TransformsCatalog catalog, string outputColumnName = "Features", string inputColumnName = "Image",
        string? regionsColumnName = null, string backbone = "resnet18", int viewSize = 128, int epochs = 100, int batchSize = 256,
        double temperature = 0.1, int memoryBankSize = 4096, int seed = 0, ComputeDevice device = ComputeDevice.Auto) =>
        catalog.MoCo(CatalogOptions.Common(new MoCoOptions { Temperature = temperature, MemoryBankSize = memoryBankSize },
            outputColumnName, inputColumnName, regionsColumnName, backbone, viewSize, epochs, batchSize, seed, device));

    /// <summary>MoCo v2 pre-training with every option available (see <see cref="MoCoOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    public static MoCoEstimator MoCo(this TransformsCatalog catalog, MoCoOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MoCoEstimator(CatalogEnvironment.Of(catalog), options);
    }
}
