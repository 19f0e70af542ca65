using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Options of MoCo v2 pre-training. Defaults are Lightly's benchmark MoCo, which the SAMCLR paper ran as its baseline:
/// projection head 512-2048-128, memory bank of 4096 keys, EMA momentum 0.99, temperature 0.1, symmetric loss, and
/// the SimCLR views with colour-jitter strength 0.5. Set <see cref="SelfSupervisedOptions.RegionsColumnName"/> to crop
/// the views inside SAM regions (SAMCLR's sampling applied to MoCo).
/// </summary>
public sealed class MoCoOptions : SelfSupervisedOptions
{
    /// <summary>InfoNCE temperature (default 0.1, Lightly's benchmarks; the MoCo v2 report used 0.2).</summary>
    public double Temperature { get; set; } = 0.1;

    /// <summary>Number of past keys kept as negatives (default 4096, Lightly's benchmarks; MoCo v2 on ImageNet: 65536).</summary>
    public int MemoryBankSize { get; set; } = 4096;

    /// <summary>
    /// EMA momentum of the key encoder per step (default constant 0.99, Lightly's benchmarks);
    /// <see cref="MomentumSchedule.Cosine"/> gives BYOL's 0.996 -> 1 ramp.
    /// </summary>
    public MomentumSchedule Momentum { get; set; } = MomentumSchedule.Constant(0.99);

    /// <summary>
    /// Whether the keys of the first half of the symmetric loss enter the queue before the second half is computed
    /// (default true, as Lightly's NTXentLoss with a memory bank does in the benchmark the paper ran); false uses the
    /// queue as it was before the step for both halves and enqueues both batches afterwards (MoCo's CIFAR-10 demo).
    /// </summary>
    public bool EnqueueBetweenHalves { get; set; } = true;

    /// <summary>Projection head hidden size (default 2048, Lightly's benchmarks).</summary>
    public int ProjectionHiddenDimension { get; set; } = 2048;

    /// <summary>Projection head output size, also the key size in the memory bank (default 128, Lightly's benchmarks).</summary>
    public int ProjectionOutputDimension { get; set; } = 128;

    /// <summary>
    /// View augmentations; null (the default) means the views Lightly's benchmark gives MoCo: its SimCLR transform with
    /// colour-jitter strength 0.5 (jitter 0.4, 0.4, 0.4, 0.1 as in MoCo v2; crop scale 0.08-1 where MoCo v2 used 0.2-1;
    /// Lightly's MoCoV2Transform is the SimCLR transform at strength 1), at <see cref="SelfSupervisedOptions.ViewSize"/>.
    /// </summary>
    public ViewAugmentationOptions? Augmentation { get; set; }

    internal ViewAugmentationOptions EffectiveAugmentation => Augmentation ?? ViewAugmentationOptions.SimClr(ViewSize);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        EffectiveAugmentation.Validate();
        if (Temperature <= 0) throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be positive.");
        if (MemoryBankSize < 1) throw new ArgumentOutOfRangeException(nameof(MemoryBankSize), MemoryBankSize, "The memory bank needs at least one key.");
        if (Momentum is null) throw new ArgumentNullException(nameof(Momentum), "Set a momentum schedule, e.g. MomentumSchedule.Constant(0.99).");
        if (ProjectionHiddenDimension < 1) throw new ArgumentOutOfRangeException(nameof(ProjectionHiddenDimension), ProjectionHiddenDimension, "Must be positive.");
        if (ProjectionOutputDimension < 1) throw new ArgumentOutOfRangeException(nameof(ProjectionOutputDimension), ProjectionOutputDimension, "Must be positive.");
        if (EffectiveAugmentation.OutputSize != ViewSize)
            throw new ArgumentException($"Augmentation.OutputSize ({EffectiveAugmentation.OutputSize}) must equal ViewSize ({ViewSize}).", nameof(Augmentation));
    }
}
