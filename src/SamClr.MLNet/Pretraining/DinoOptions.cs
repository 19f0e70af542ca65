using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Options of DINO pre-training (Caron et al., 2021) as the SAMCLR paper ran it: Lightly's implementation with its
/// benchmark settings (SAMCLR, section 3; Lightly's DINO benchmark): head 512-2048-256-2048, EMA 0.99, teacher temperature 0.04,
/// student temperature 0.1, centre momentum 0.9, multi-crop 2 x 128 px + 6 x 64 px. Set
/// <see cref="SelfSupervisedOptions.RegionsColumnName"/> to crop every view inside a SAM region.
/// </summary>
public sealed class DinoOptions : SelfSupervisedOptions
{
    /// <summary>Hidden size of the DINO head's MLP (default 2048, Lightly's benchmarks and DINO).</summary>
    public int HeadHiddenDimension { get; set; } = 2048;

    /// <summary>Bottleneck size before the prototypes (default 256, Lightly's benchmarks and DINO).</summary>
    public int HeadBottleneckDimension { get; set; } = 256;

    /// <summary>Number of prototypes, the head's output size (default 2048, Lightly's benchmarks; DINO's ImageNet runs use 65536).</summary>
    public int HeadOutputDimension { get; set; } = 2048;

    /// <summary>Batch norm in the head's hidden layers (default true, Lightly's benchmarks for ResNets).</summary>
    public bool HeadBatchNorm { get; set; } = true;

    /// <summary>EMA momentum of the teacher (default 0.99, the paper's setup via Lightly's benchmarks).</summary>
    public double TeacherMomentum { get; set; } = 0.99;

    /// <summary>
    /// When true, the teacher momentum rises from <see cref="TeacherMomentum"/> to 1 along a half cosine over training,
    /// as in the official DINO code (which starts at 0.996). Default false: constant momentum, the paper's setup.
    /// </summary>
    public bool CosineTeacherMomentum { get; set; }

    /// <summary>Teacher temperature after the warm-up (default 0.04, the paper's setup, Lightly's and DINO's default).</summary>
    public double TeacherTemperature { get; set; } = 0.04;

    /// <summary>Teacher temperature at the start of the warm-up (default 0.04, Lightly's and DINO's warmup_teacher_temp).</summary>
    public double WarmupTeacherTemperature { get; set; } = 0.04;

    /// <summary>
    /// Epochs over which the teacher temperature goes linearly from <see cref="WarmupTeacherTemperature"/> to
    /// <see cref="TeacherTemperature"/> (default 0: none; Lightly's 30-epoch warm-up from 0.04 to 0.04 is the same constant).
    /// DINO's paper recommends 0.04 to 0.07 over 30 epochs for long runs.
    /// </summary>
    public int TeacherTemperatureWarmupEpochs { get; set; }

    /// <summary>Student temperature (default 0.1, Lightly's and DINO's).</summary>
    public double StudentTemperature { get; set; } = 0.1;

    /// <summary>
    /// Epochs at the start during which the head's last layer (the prototypes) gets no update (default 0, Lightly's
    /// DINOProjectionHead; the official DINO code freezes it for 1 epoch, <c>--freeze_last_layer 1</c>, to stabilise training).
    /// </summary>
    public int FreezeLastLayerEpochs { get; set; }

    /// <summary>Momentum of the centre applied to teacher outputs (default 0.9, Lightly's and DINO's).</summary>
    public double CenterMomentum { get; set; } = 0.9;

    /// <summary>
    /// The views; null (the default) means Lightly's DINO transform (<see cref="MultiCropOptions.Dino"/>) with global views
    /// of <see cref="SelfSupervisedOptions.ViewSize"/> and local views of half that: 2 x 128 px + 6 x 64 px, the paper's.
    /// </summary>
    public MultiCropOptions? MultiCrop { get; set; }

    internal MultiCropOptions EffectiveMultiCrop => MultiCrop ?? MultiCropOptions.Dino(ViewSize, Math.Max(1, ViewSize / 2));

    /// <summary>The method's settings from these options, validated first.</summary>
    internal DinoSettings ToSettings()
    {
        Validate();
        return new DinoSettings(EffectiveMultiCrop, TeacherTemperatureSchedule,
            CosineTeacherMomentum ? MomentumSchedule.Cosine(TeacherMomentum) : MomentumSchedule.Constant(TeacherMomentum), Training.Epochs,
            FreezeLastLayerEpochs, HeadHiddenDimension, HeadBottleneckDimension, HeadOutputDimension, HeadBatchNorm, StudentTemperature, CenterMomentum);
    }

    internal DinoTeacherTemperature TeacherTemperatureSchedule => new(WarmupTeacherTemperature, TeacherTemperature, TeacherTemperatureWarmupEpochs);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        EffectiveMultiCrop.Validate();
        if (EffectiveMultiCrop.GlobalSize != ViewSize)
            throw new ArgumentException($"MultiCrop.GlobalSize ({EffectiveMultiCrop.GlobalSize}) must equal ViewSize ({ViewSize}), the featurizer's input size.", nameof(MultiCrop));
        if (EffectiveMultiCrop.GlobalViewCount + EffectiveMultiCrop.LocalViewCount < 2)
            throw new ArgumentException("DINO needs at least 2 views per image (e.g. 2 global views); the student learns from views the teacher did not see.", nameof(MultiCrop));
        if (HeadHiddenDimension <= 0) throw new ArgumentOutOfRangeException(nameof(HeadHiddenDimension), HeadHiddenDimension, "Must be positive.");
        if (HeadBottleneckDimension <= 0) throw new ArgumentOutOfRangeException(nameof(HeadBottleneckDimension), HeadBottleneckDimension, "Must be positive.");
        if (HeadOutputDimension <= 0) throw new ArgumentOutOfRangeException(nameof(HeadOutputDimension), HeadOutputDimension, "Must be positive.");
        if (!(TeacherMomentum >= 0 && TeacherMomentum <= 1)) throw new ArgumentOutOfRangeException(nameof(TeacherMomentum), TeacherMomentum, "Must be in [0, 1], e.g. 0.99.");
        TeacherTemperatureSchedule.Validate();
        if (FreezeLastLayerEpochs < 0) throw new ArgumentOutOfRangeException(nameof(FreezeLastLayerEpochs), FreezeLastLayerEpochs, "Must be 0 (no freeze) or more epochs.");
        if (!(StudentTemperature > 0)) throw new ArgumentOutOfRangeException(nameof(StudentTemperature), StudentTemperature, "Must be positive, e.g. 0.1.");
        if (!(CenterMomentum >= 0 && CenterMomentum < 1)) throw new ArgumentOutOfRangeException(nameof(CenterMomentum), CenterMomentum, "Must be in [0, 1), e.g. 0.9.");
    }
}
