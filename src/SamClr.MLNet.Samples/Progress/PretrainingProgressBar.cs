namespace SamClr.MLNet.Samples.Progress;

/// <summary>Shows pre-training progress (epoch, step, loss, learning rate, speed, time left) on a <see cref="ProgressDisplay"/>.</summary>
internal sealed class PretrainingProgressBar : IProgress<PretrainingProgress>
{
    private readonly string _label;
    private readonly ProgressDisplay _display = new();

    public PretrainingProgressBar(string label) => _label = label;

    public void Report(PretrainingProgress p)
    {
        string text = $"{_label} epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} lr {p.LearningRate:F4} " +
                      $"{p.ImagesPerSecond:F0} img/s ETA {p.Remaining:mm\\:ss}";
        _display.Update((double)p.Step / p.TotalSteps, text, last: p.Step == p.TotalSteps);
    }
}
