using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples;

/// <summary>
/// Shows pre-training progress: a redrawn bar on a terminal, or a line every 10% when the output is
/// redirected (CI logs stay readable).
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<PretrainingProgress>
{
    private readonly string _label;
    private readonly ProgressLine _line = new();

    public ConsoleProgressBar(string label) => _label = label;

    public void Report(PretrainingProgress p)
    {
        string text = $"{_label} epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} lr {p.LearningRate:F4} " +
                      $"{p.ImagesPerSecond:F0} img/s ETA {p.Remaining:mm\\:ss}";
        _line.Write((double)p.Step / p.TotalSteps, text, first: p.Step == 1, last: p.Step == p.TotalSteps);
    }
}
