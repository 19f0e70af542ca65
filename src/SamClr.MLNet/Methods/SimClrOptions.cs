using SamClr.MLNet.Training;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Methods;

/// <summary>
/// Options of <see cref="SimClrEstimator"/>. Defaults follow the paper's SimCLR baseline (ResNet-18,
/// 128 px views, batch 256) with Lightly's implementation defaults (temperature 0.5, head 512-512-128).
/// </summary>
public sealed class SimClrOptions
{
    /// <summary>Name of the output feature column (default "Features").</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>Name of the input image column, of ML.NET's image type (default "Image").</summary>
    public string InputColumnName { get; set; } = "Image";

    /// <summary>
    /// Column of candidate region boxes per image (as made by <c>mlContext.Transforms.SamRegionSample</c>), or null
    /// (the default) for SimCLR's whole-image views. When set, both views of an image are cropped inside one of its
    /// regions, chosen uniformly at random each epoch: SAMCLR's sampling.
    /// </summary>
    public string? RegionsColumnName { get; set; }

    /// <summary>Backbone architecture, one of <see cref="Models.Backbones.Names"/> (default "resnet18", the paper's).</summary>
    public string Backbone { get; set; } = "resnet18";

    /// <summary>Side of the square training views and of the featurizer input, in pixels (default 128, the paper's).</summary>
    public int ViewSize { get; set; } = 128;

    /// <summary>
    /// Side of the canvas images are decoded onto once before training (longest side resized to it, aspect kept).
    /// 0 (the default) means 2 x <see cref="ViewSize"/>. Memory is images x 3 x CanvasSize² bytes.
    /// </summary>
    public int CanvasSize { get; set; }

    /// <summary>NT-Xent temperature (default 0.5, Lightly's SimCLR default; the paper's SAMCLR uses 0.07).</summary>
    public double Temperature { get; set; } = 0.5;

    /// <summary>Projection head hidden size (default 512, Lightly's benchmarks).</summary>
    public int ProjectionHiddenDimension { get; set; } = 512;

    /// <summary>Projection head output size (default 128, Lightly's benchmarks).</summary>
    public int ProjectionOutputDimension { get; set; } = 128;

    /// <summary>The optimisation loop's settings (epochs, batch, learning rate, seed, device).</summary>
    public PretrainingOptions Training { get; set; } = new();

    /// <summary>View augmentations; null (the default) means Lightly's SimCLR transform at <see cref="ViewSize"/>.</summary>
    public ViewAugmentationOptions? Augmentation { get; set; }

    /// <summary>Receives a report after every training step (for progress bars); optional.</summary>
    public IProgress<PretrainingProgress>? Progress { get; set; }

    /// <summary>Stops training before the next step when cancelled.</summary>
    public CancellationToken Cancellation { get; set; }

    internal int EffectiveCanvasSize => CanvasSize > 0 ? CanvasSize : 2 * ViewSize;

    internal ViewAugmentationOptions EffectiveAugmentation => Augmentation ?? ViewAugmentationOptions.SimClr(ViewSize);
}
