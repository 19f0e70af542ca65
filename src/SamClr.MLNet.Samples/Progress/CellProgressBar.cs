using System.Diagnostics;

namespace SamClr.MLNet.Samples;

/// <summary>
/// Progress over the evaluation steps of a reproduction (featurizing a data set, fitting a protocol): a bar with the
/// step, its name, the time so far and an ETA from the mean step time, one line per step.
/// </summary>
internal sealed class CellProgressBar
{
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;

    public CellProgressBar(int total) => _total = Math.Max(total, 1);

    /// <summary>Announces the step that starts now.</summary>
    public void Start(string step)
    {
        var eta = _done == 0 ? "--:--:--" : TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / _done * (_total - _done)).ToString(@"hh\:mm\:ss");
        Console.WriteLine($"{ProgressLine.Bar((double)_done / _total)} {_done + 1}/{_total} {step} (elapsed {_clock.Elapsed:hh\\:mm\\:ss}, ETA {eta})");
    }

    /// <summary>Marks the current step finished.</summary>
    public void Finish() => _done++;
}
