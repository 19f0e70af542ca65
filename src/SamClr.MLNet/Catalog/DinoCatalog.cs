using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace Microsoft.ML;

/// <summary>The DINO pre-training entry points of SamClr.MLNet on <c>mlContext.Transforms</c>.</summary>
public static class DinoCatalog
{
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
}
