using SamClr.MLNet.Data;

namespace SamClr.MLNet.Samples;

/// <summary>Shows image-store decoding progress: a redrawn bar on a terminal, a line every 10% when redirected.</summary>
internal sealed class ImageStoreProgressBar : IProgress<ImageStoreProgress>
{
    private readonly ProgressLine _line = new();

    public void Report(ImageStoreProgress p)
    {
        double fraction = p.Total == 0 ? 1 : (double)p.Done / p.Total;
        double perSecond = p.Done / Math.Max(p.Elapsed.TotalSeconds, 1e-9);
        string text = $"{p.Done}/{p.Total} images decoded, {p.Skipped} skipped, {perSecond:F0} img/s";
        _line.Write(fraction, text, first: false, last: p.Done == p.Total);
    }
}
