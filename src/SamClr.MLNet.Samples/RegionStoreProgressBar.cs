using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples;

/// <summary>Shows segmentation progress: a redrawn bar on a terminal, a line every 10% when redirected.</summary>
internal sealed class RegionStoreProgressBar : IProgress<RegionStoreProgress>
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsOutputRedirected;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private int _lastDecile = -1;

    public int Total { get; set; }

    public void Report(RegionStoreProgress p)
    {
        int total = p.Total ?? Total;
        double fraction = total == 0 ? 1 : (double)p.Seen / total;
        double perSecond = p.Written / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        string text = $"{p.Seen}/{total} images, {p.Written} segmented, {p.Skipped} already done, {p.Failed} failed, {perSecond:F1} img/s";
        if (_interactive)
        {
            int filled = (int)(Math.Clamp(fraction, 0, 1) * Width);
            Console.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {text}   ");
            if (p.Seen == total) Console.WriteLine();
            return;
        }
        int decile = (int)(fraction * 10);
        if (decile == _lastDecile) return;
        _lastDecile = decile;
        Console.WriteLine($"{fraction * 100,5:F1}% {text}");
    }
}
