using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples;

/// <summary>
/// Shows pre-training progress: a redrawn bar on a terminal, or a line every 10% when the output is
/// redirected (CI logs stay readable).
/// </summary>
internal sealed class ConsoleProgressBar : IProgress<PretrainingProgress>
{
    private const int Width = 30;
    private readonly string _label;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private int _lastDecile = -1;

    public ConsoleProgressBar(string label) => _label = label;

    public void Report(PretrainingProgress p)
    {
        double fraction = (double)p.Step / p.TotalSteps;
        string text = $"{_label} epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F3} lr {p.LearningRate:F4} " +
                      $"{p.ImagesPerSecond:F0} img/s ETA {p.Remaining:mm\\:ss}";
        if (_interactive)
        {
            int filled = (int)(fraction * Width);
            Console.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {text}   ");
            if (p.Step == p.TotalSteps) Console.WriteLine();
            return;
        }
        int decile = (int)(fraction * 10);
        if (decile == _lastDecile && p.Step != 1) return;
        _lastDecile = decile;
        Console.WriteLine($"{fraction * 100,5:F1}% {text}");
    }
}
