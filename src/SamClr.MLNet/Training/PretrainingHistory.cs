namespace SamClr.MLNet.Training;

/// <summary>What a pre-training run recorded: the loss of every step and the mean loss of every epoch.</summary>
public sealed class PretrainingHistory
{
    /// <summary>Loss per optimisation step, in order.</summary>
    public List<float> StepLosses { get; } = new();

    /// <summary>Mean loss per epoch, in order.</summary>
    public List<float> EpochLosses { get; } = new();

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; internal set; }

    /// <summary>Images seen per second over the run.</summary>
    public double ImagesPerSecond { get; internal set; }
}
