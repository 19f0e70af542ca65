using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Options of SwAV pre-training, the SAMCLR paper's appendix baseline. Defaults are Lightly's benchmark SwaV: head
/// 512-2048-128, 3000 prototypes, temperature 0.1, Sinkhorn-Knopp with 3 iterations and epsilon 0.05, multi-crop of
/// 2 global views at <see cref="SelfSupervisedOptions.ViewSize"/> (128) and 6 local views at half of it (64), no queue.
/// Training defaults to Lightly's SwaV optimiser: Adam, learning rate 1e-3 x batch / 256, weight decay 1e-6.
/// Set <see cref="SelfSupervisedOptions.RegionsColumnName"/>
/// to crop every view inside SAM regions.
/// </summary>
public sealed class SwAVOptions : SelfSupervisedOptions
{
    /// <summary>Creates the options with Lightly's SwaV optimiser (Adam, base learning rate 1e-3, weight decay 1e-6).</summary>
    public SwAVOptions()
    {
        Training = new PretrainingOptions { Optimizer = OptimizerKind.Adam, BaseLearningRate = 1e-3, WeightDecay = 1e-6 };
    }

    /// <summary>Softmax temperature of the swapped predictions (default 0.1, SwAV's and Lightly's).</summary>
    public double Temperature { get; set; } = 0.1;

    /// <summary>Number of prototypes (default 3000, Lightly's benchmarks and the paper's appendix setup).</summary>
    public int PrototypeCount { get; set; } = 3000;

    /// <summary>Sinkhorn-Knopp iterations (default 3, SwAV's and Lightly's).</summary>
    public int SinkhornIterations { get; set; } = 3;

    /// <summary>Sinkhorn-Knopp epsilon (default 0.05, SwAV's and Lightly's).</summary>
    public double SinkhornEpsilon { get; set; } = 0.05;

    /// <summary>Projection head hidden size (default 2048, Lightly's benchmarks).</summary>
    public int ProjectionHiddenDimension { get; set; } = 2048;

    /// <summary>Projection head output size (default 128, Lightly's benchmarks).</summary>
    public int ProjectionOutputDimension { get; set; } = 128;

    /// <summary>Global (full-resolution) views per image, from which the codes are computed (default 2, Lightly's benchmarks).</summary>
    public int GlobalViewCount { get; set; } = 2;

    /// <summary>Local (low-resolution) views per image (default 6, Lightly's benchmarks); 0 turns multi-crop off.</summary>
    public int LocalViewCount { get; set; } = 6;

    /// <summary>Side of the local views in pixels; 0 (the default) means <see cref="SelfSupervisedOptions.ViewSize"/> / 2
    /// (64 for 128, Lightly's benchmarks).</summary>
    public int LocalViewSize { get; set; }

    /// <summary>Global view augmentations; null (the default) means <see cref="DefaultGlobalAugmentation"/> at ViewSize.</summary>
    public ViewAugmentationOptions? GlobalAugmentation { get; set; }

    /// <summary>Local view augmentations; null (the default) means <see cref="DefaultLocalAugmentation"/> at the local view size.</summary>
    public ViewAugmentationOptions? LocalAugmentation { get; set; }

    /// <summary>
    /// Lightly's SwaV global views as its benchmark sets them: random resized crop with scale 0.14-1, horizontal flip 0.5,
    /// colour jitter (0.8, 0.8, 0.8, 0.2) x strength 0.5 with probability 0.8, grayscale 0.2, Gaussian blur 0.5 with
    /// sigma 0.1-2 (none below <see cref="ViewAugmentationOptions.SmallViewLimit"/> px, as in Lightly's CIFAR-10 benchmark),
    /// ImageNet normalisation.
    /// </summary>
    /// <param name="size">Side of the views in pixels.</param>
    public static ViewAugmentationOptions DefaultGlobalAugmentation(int size) =>
        new() { OutputSize = size, MinScale = 0.14, MaxScale = 1.0, BlurProbability = ViewAugmentationOptions.BlurForSize(size, 0.5) };

    /// <summary>Lightly's SwaV local views: as <see cref="DefaultGlobalAugmentation"/> with crop scale 0.05-0.14.</summary>
    /// <param name="size">Side of the views in pixels.</param>
    public static ViewAugmentationOptions DefaultLocalAugmentation(int size) =>
        new() { OutputSize = size, MinScale = 0.05, MaxScale = 0.14, BlurProbability = ViewAugmentationOptions.BlurForSize(size, 0.5) };

    internal int EffectiveLocalViewSize => LocalViewSize > 0 ? LocalViewSize : Math.Max(1, ViewSize / 2);

    internal ViewAugmentationOptions EffectiveGlobalAugmentation => GlobalAugmentation ?? DefaultGlobalAugmentation(ViewSize);

    internal ViewAugmentationOptions EffectiveLocalAugmentation => LocalAugmentation ?? DefaultLocalAugmentation(EffectiveLocalViewSize);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Temperature <= 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be positive.");
        if (PrototypeCount < 1) throw new ArgumentOutOfRangeException(nameof(PrototypeCount), PrototypeCount, "Need at least one prototype.");
        if (SinkhornIterations < 1) throw new ArgumentOutOfRangeException(nameof(SinkhornIterations), SinkhornIterations, "Need at least one iteration.");
        if (!(SinkhornEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(SinkhornEpsilon), SinkhornEpsilon, "Epsilon must be positive.");
        if (ProjectionHiddenDimension < 1) throw new ArgumentOutOfRangeException(nameof(ProjectionHiddenDimension), ProjectionHiddenDimension, "Must be positive.");
        if (ProjectionOutputDimension < 1) throw new ArgumentOutOfRangeException(nameof(ProjectionOutputDimension), ProjectionOutputDimension, "Must be positive.");
        if (GlobalViewCount < 1) throw new ArgumentOutOfRangeException(nameof(GlobalViewCount), GlobalViewCount, "SwAV computes codes from global views; need at least one.");
        if (LocalViewCount < 0) throw new ArgumentOutOfRangeException(nameof(LocalViewCount), LocalViewCount, "Must not be negative.");
        if (GlobalViewCount + LocalViewCount < 2)
            throw new ArgumentException("SwAV needs at least two views per image; raise GlobalViewCount or LocalViewCount.", nameof(LocalViewCount));
        if (LocalViewSize < 0) throw new ArgumentOutOfRangeException(nameof(LocalViewSize), LocalViewSize, "Must be 0 (ViewSize / 2) or positive.");
        var global = EffectiveGlobalAugmentation;
        var local = EffectiveLocalAugmentation;
        global.Validate();
        local.Validate();
        if (global.OutputSize != ViewSize)
            throw new ArgumentException($"GlobalAugmentation.OutputSize ({global.OutputSize}) must equal ViewSize ({ViewSize}).", nameof(GlobalAugmentation));
        if (local.OutputSize != EffectiveLocalViewSize)
            throw new ArgumentException($"LocalAugmentation.OutputSize ({local.OutputSize}) must equal the local view size ({EffectiveLocalViewSize}).", nameof(LocalAugmentation));
        if (global.Normalize != local.Normalize || (global.Normalize && (!global.Mean.SequenceEqual(local.Mean) || !global.Std.SequenceEqual(local.Std))))
            throw new ArgumentException("Global and local views must use the same normalisation (Normalize, Mean, Std): the featurizer repeats one.", nameof(LocalAugmentation));
    }
}
