using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples.Progress;

/// <summary>Shows segmentation progress on a <see cref="ProgressDisplay"/>.</summary>
internal sealed class RegionStoreProgressBar : IProgress<RegionStoreProgress>
{
    private readonly ProgressDisplay _display = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    public int Total { get; set; }

    public void Report(RegionStoreProgress p)
    {
        int total = p.Total ?? Total;
        double fraction = total == 0 ? 1 : (double)p.Seen / total;
        double perSecond = p.Written / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);
        string text = $"{p.Seen}/{total} images, {p.Written} segmented, {p.Skipped} already done, {p.Failed} failed, {perSecond:F1} img/s";
        _display.Update(fraction, text, last: p.Seen == total);
    }
}
