namespace SamClr.MLNet.Samples.Progress;

/// <summary>Shows image-store decoding progress on a <see cref="ProgressDisplay"/>.</summary>
internal sealed class ImageStoreProgressBar : IProgress<ImageStoreProgress>
{
    private readonly ProgressDisplay _display = new();

    public void Report(ImageStoreProgress p)
    {
        double fraction = p.Total == 0 ? 1 : (double)p.Done / p.Total;
        double perSecond = p.Done / Math.Max(p.Elapsed.TotalSeconds, 1e-9);
        string text = $"{p.Done}/{p.Total} images decoded, {p.Skipped} skipped, {perSecond:F0} img/s";
        _display.Update(fraction, text, last: p.Done == p.Total);
    }
}
