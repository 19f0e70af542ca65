using System.Diagnostics;

namespace SamClr.MLNet.Samples.Progress;

/// <summary>
/// Progress over the evaluation steps of a reproduction (featurizing a data set, fitting a protocol): one line per step
/// with its number, the share done, its name, the time so far and an ETA from the mean step time.
/// </summary>
internal sealed class CellProgress
{
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;

    public CellProgress(int total) => _total = Math.Max(total, 1);

    /// <summary>Announces the step that starts now.</summary>
    public void Start(string step)
    {
        var eta = _done == 0 ? "--:--:--" : TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / _done * (_total - _done)).ToString(@"hh\:mm\:ss");
        Console.WriteLine($"[{_done + 1}/{_total}, {100.0 * _done / _total:F0}% done] {step} (elapsed {_clock.Elapsed:hh\\:mm\\:ss}, ETA {eta})");
    }

    /// <summary>Marks the current step finished.</summary>
    public void Finish() => _done++;
}
