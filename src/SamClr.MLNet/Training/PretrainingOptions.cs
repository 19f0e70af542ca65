using SamClr.MLNet.Compute;
using SamClr.MLNet.Training.Monitoring;

namespace SamClr.MLNet.Training;

/// <summary>
/// Settings of the shared pre-training loop. Defaults are Lightly's benchmark settings used by the
/// paper (SAMCLR, section 3, "Implementation details": Lightly's implementations "with default optimizers and
/// hyperparameters"): SGD, learning rate 0.06 x batch / 256, momentum 0.9,
/// weight decay 5e-4, cosine schedule, batch 256.
/// </summary>
public sealed class PretrainingOptions
{
    /// <summary>Passes over the data (default 100; the paper ran 250-1600 on a GPU).</summary>
    public int Epochs { get; set; } = 100;

    /// <summary>Images per optimisation step (default 256, the paper's).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Learning rate for a batch of 256; the rate used is this x BatchSize / 256 (default 0.06, Lightly's benchmarks).</summary>
    public double BaseLearningRate { get; set; } = 0.06;

    /// <summary>The optimiser (default <see cref="OptimizerKind.Sgd"/>, Lightly's benchmarks; SwAV's options default to Adam).</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Sgd;

    /// <summary>SGD momentum (default 0.9, Lightly's benchmarks); unused by Adam.</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>L2 weight decay (default 5e-4, Lightly's benchmarks).</summary>
    public double WeightDecay { get; set; } = 5e-4;

    /// <summary>Epochs of linear learning-rate warm-up before the cosine decay (default 0: none, as in Lightly's SimCLR benchmark).</summary>
    public int WarmupEpochs { get; set; }

    /// <summary>Seed for weight initialisation, shuffling and augmentation (default 0); runs on the CPU with one seed are repeatable.</summary>
    public int Seed { get; set; }

    /// <summary>
    /// CPU threads that cut and resize the next batches' views from the source pixels while a step runs (default:
    /// <see cref="Environment.ProcessorCount"/>). The views do not depend on it: the same seed gives the same views.
    /// </summary>
    public int LoaderThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Where to train (default <see cref="ComputeDevice.Auto"/>: CUDA when available).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>
    /// On CUDA, lets matrix multiplications (projection heads, NT-Xent similarities, DINO and SwAV prototypes) and
    /// convolutions run in TensorFloat-32 on GPUs from Ampere on: inputs rounded to a 10-bit mantissa, fp32
    /// accumulation, several times the fp32 matmul rate (default true). False keeps full fp32 everywhere. These are
    /// libtorch's process-wide switches <c>torch.backends.cuda.matmul.allow_tf32</c> (PyTorch's default: false) and
    /// <c>torch.backends.cudnn.allow_tf32</c> (PyTorch's default: true), set when training starts and left so for
    /// featurization afterwards; on the CPU this option does nothing. Not part of a checkpoint's identity.
    /// </summary>
    public bool AllowTf32 { get; set; } = true;

    /// <summary>
    /// Directory for training checkpoints (default null: none). When set, the full training state is written there
    /// every <see cref="CheckpointEveryEpochs"/> epochs, after the last epoch and when training is cancelled, as
    /// <c>step-NNNNNNNNN.RUNID.samclrckpt</c>; the two of the most steps of this run are kept (see
    /// <see cref="Checkpoints.TrainingCheckpoint"/>). One directory holds one run: a fresh run (no <see cref="ResumeFrom"/>)
    /// is refused before training when the directory already holds another run's checkpoints.
    /// </summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>Epochs between checkpoints (default 1: after every epoch); used only with <see cref="CheckpointDirectory"/>.</summary>
    public int CheckpointEveryEpochs { get; set; } = 1;

    /// <summary>
    /// A checkpoint file, or a directory whose newest intact checkpoint is used, to continue a run from (default null:
    /// start fresh); a damaged newer checkpoint in the directory is passed over with a warning on <c>MLContext.Log</c>. The method, its architecture, the data and these options (except device and checkpoint settings) must be
    /// those of the run that wrote it; on the CPU the resumed run then ends with exactly the weights of an
    /// uninterrupted one.
    /// </summary>
    public string? ResumeFrom { get; set; }

    /// <summary>
    /// Epochs between calls of <see cref="Monitor"/> (default 0: never); when positive, it is also called after the last
    /// epoch. Not part of the run's identity: a run may be resumed with other monitor settings.
    /// </summary>
    public int MonitorEveryEpochs { get; set; }

    /// <summary>
    /// Observes the backbone during training, e.g. a <c>Evaluation.KnnMonitor</c> recording a learning curve (default null);
    /// called only when <see cref="MonitorEveryEpochs"/> is positive. See <see cref="IPretrainingMonitor"/>.
    /// </summary>
    public IPretrainingMonitor? Monitor { get; set; }

    /// <summary>Checks the values and throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Need at least one epoch.");
        if (LoaderThreads < 1) throw new ArgumentOutOfRangeException(nameof(LoaderThreads), LoaderThreads, "PretrainingOptions.LoaderThreads must be at least 1.");
        if (BatchSize < 2) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Contrastive methods need at least 2 images per batch.");
        if (BaseLearningRate <= 0) throw new ArgumentOutOfRangeException(nameof(BaseLearningRate), BaseLearningRate, "Must be positive.");
        if (Momentum < 0 || Momentum >= 1) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Must be in [0, 1).");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Must not be negative.");
        if (CheckpointEveryEpochs < 1) throw new ArgumentOutOfRangeException(nameof(CheckpointEveryEpochs), CheckpointEveryEpochs, "Must be at least 1.");
        if (MonitorEveryEpochs < 0) throw new ArgumentOutOfRangeException(nameof(MonitorEveryEpochs), MonitorEveryEpochs, "Must not be negative (0 turns monitoring off).");
        if (MonitorEveryEpochs > 0 && Monitor is null)
            throw new ArgumentOutOfRangeException(nameof(Monitor), null, $"{nameof(MonitorEveryEpochs)} is {MonitorEveryEpochs}, but no {nameof(Monitor)} is set.");
        if (WarmupEpochs < 0 || WarmupEpochs > Epochs) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, $"Must be within 0..{Epochs}.");
    }
}
