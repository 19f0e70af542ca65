using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>The self-supervised pre-training entry points of SamClr.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class SamClrCatalog
{
    /// <summary>
    /// Pre-trains an image encoder with SimCLR (two random views per image, NT-Xent loss) and returns a
    /// featurizer that appends a fixed-size Vector&lt;Single&gt; column.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to create (default "Features").</param>
    /// <param name="inputColumnName">Image column to read, of ML.NET's image type (default "Image").</param>
    /// <param name="backbone">Encoder architecture (default "resnet18", the paper's).</param>
    /// <param name="viewSize">View and featurizer input size in pixels (default 128, the paper's).</param>
    /// <param name="epochs">Passes over the data (default 100).</param>
    /// <param name="batchSize">Images per step (default 256, the paper's).</param>
    /// <param name="temperature">NT-Xent temperature (default 0.5, Lightly's SimCLR default).</param>
    /// <param name="seed">Random seed (default 0).</param>
    /// <param name="device">Compute device (default Auto: CUDA when available).</param>
    public static SimClrEstimator SimClr(this TransformsCatalog catalog, string outputColumnName = "Features", string inputColumnName = "Image",
        string backbone = "resnet18", int viewSize = 128, int epochs = 100, int batchSize = 256, double temperature = 0.5, int seed = 0,
        ComputeDevice device = ComputeDevice.Auto) =>
        catalog.SimClr(CatalogOptions.Common(new SimClrOptions { Temperature = temperature },
            outputColumnName, inputColumnName, null, backbone, viewSize, epochs, batchSize, seed, device));

    /// <summary>
    /// Pre-trains an image encoder with SAMCLR: SimCLR whose two views of an image are both cropped inside one of the
    /// image's SAM regions (chosen uniformly at random each epoch), with NT-Xent at temperature 0.07 (the paper's).
    /// Images without a region train on the whole image. Returns a featurizer like <see cref="SimClr(TransformsCatalog, string, string, string, int, int, int, double, int, ComputeDevice)"/>.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to create (default "Features").</param>
    /// <param name="inputColumnName">Image column to read (default "Image").</param>
    /// <param name="regionsColumnName">Region box column made by <c>SamRegionSample</c> (default "Regions").</param>
    /// <param name="backbone">Encoder architecture (default "resnet18", the paper's).</param>
    /// <param name="viewSize">View and featurizer input size in pixels (default 128, the paper's).</param>
    /// <param name="epochs">Passes over the data (default 100).</param>
    /// <param name="batchSize">Images per step (default 256, the paper's).</param>
    /// <param name="temperature">NT-Xent temperature (default 0.07, the paper's SAMCLR setting).</param>
    /// <param name="seed">Random seed (default 0).</param>
    /// <param name="device">Compute device (default Auto: CUDA when available).</param>
    public static SimClrEstimator SamClrPretrain(this TransformsCatalog catalog, string outputColumnName = "Features", string inputColumnName = "Image",
        string regionsColumnName = "Regions", string backbone = "resnet18", int viewSize = 128, int epochs = 100, int batchSize = 256,
        double temperature = 0.07, int seed = 0, ComputeDevice device = ComputeDevice.Auto) =>
        catalog.SimClr(CatalogOptions.Common(new SimClrOptions { Temperature = temperature },
            outputColumnName, inputColumnName, regionsColumnName, backbone, viewSize, epochs, batchSize, seed, device));

    /// <summary>SimCLR or SAMCLR pre-training with every option available (see <see cref="SimClrOptions"/>; set
    /// <see cref="SelfSupervisedOptions.RegionsColumnName"/> for SAMCLR's region views).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    public static SimClrEstimator SimClr(this TransformsCatalog catalog, SimClrOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new SimClrEstimator(CatalogEnvironment.Of(catalog), options);
    }
}
