using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>
/// The self-supervised pre-training entry points of SamClr.MLNet on <c>mlContext.Transforms</c>: SimCLR and SAMCLR,
/// MoCo v2, DINO and SwAV. Each method has a short form with its main settings and a form taking all its options.
/// </summary>
public static class PretrainingCatalog
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

    /// <summary>
    /// Pre-trains an image encoder with DINO (self-distillation with a momentum teacher, multi-crop views: 2 global views of
    /// <paramref name="viewSize"/> px and 6 local views of half that) and returns a featurizer that appends a fixed-size
    /// Vector&lt;Single&gt; column. Defaults are the SAMCLR paper's DINO baseline (Lightly's benchmark settings).
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Feature column to create (default "Features").</param>
    /// <param name="inputColumnName">Image column to read, of ML.NET's image type (default "Image").</param>
    /// <param name="regionsColumnName">Region box column made by <c>SamRegionSample</c> to crop every view inside a SAM region,
    /// or null (the default) for whole-image views.</param>
    /// <param name="backbone">Encoder architecture (default "resnet18", the paper's).</param>
    /// <param name="viewSize">Global view and featurizer input size in pixels (default 128, the paper's; local views are half).</param>
    /// <param name="epochs">Passes over the data (default 100).</param>
    /// <param name="batchSize">Images per step (default 256, the paper's).</param>
    /// <param name="teacherTemperature">Teacher temperature (default 0.04, the paper's setup).</param>
    /// <param name="seed">Random seed (default 0).</param>
    /// <param name="device">Compute device (default Auto: CUDA when available).</param>
    public static DinoEstimator Dino(this TransformsCatalog catalog, string outputColumnName = "Features", string inputColumnName = "Image",
        string? regionsColumnName = null, string backbone = "resnet18", int viewSize = 128, int epochs = 100, int batchSize = 256,
        double teacherTemperature = 0.04, int seed = 0, ComputeDevice device = ComputeDevice.Auto) =>
        catalog.Dino(CatalogOptions.Common(new DinoOptions { TeacherTemperature = teacherTemperature },
            outputColumnName, inputColumnName, regionsColumnName, backbone, viewSize, epochs, batchSize, seed, device));

    /// <summary>DINO pre-training with every option available (see <see cref="DinoOptions"/>).</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="options">All settings.</param>
    public static DinoEstimator Dino(this TransformsCatalog catalog, DinoOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new DinoEstimator(CatalogEnvironment.Of(catalog), options);
    }

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
