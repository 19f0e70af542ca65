namespace SamClr.MLNet.Training;

/// <summary>One report of the pre-training loop, sent after every optimisation step.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Step">1-based step over the whole run.</param>
/// <param name="TotalSteps">Total steps of the run.</param>
/// <param name="Loss">Loss of this step.</param>
/// <param name="LearningRate">Learning rate used by this step.</param>
/// <param name="ImagesPerSecond">Images per second over the run so far.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record PretrainingProgress(int Epoch, int Epochs, int Step, int TotalSteps, float Loss, double LearningRate,
    double ImagesPerSecond, TimeSpan Elapsed)
{
    /// <summary>Estimated time left, from the average step time so far.</summary>
    public TimeSpan Remaining => Step == 0 ? TimeSpan.Zero : Elapsed / Step * (TotalSteps - Step);
}
