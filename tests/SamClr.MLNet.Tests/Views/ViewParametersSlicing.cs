using SamClr.MLNet.Views;

namespace SamClr.MLNet.Tests.Views;

/// <summary>Test helper: the parameters of some samples of a batch, to render or schedule them alone.</summary>
internal static class ViewParametersSlicing
{
    /// <summary>The parameters of samples [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    internal static ViewParameters Slice(this ViewParameters all, int start, int count)
    {
        var p = new ViewParameters(count);
        Array.Copy(all.Crops, start, p.Crops, 0, count);
        Array.Copy(all.Flip, start, p.Flip, 0, count);
        Array.Copy(all.Jitter, start, p.Jitter, 0, count);
        Array.Copy(all.Brightness, start, p.Brightness, 0, count);
        Array.Copy(all.Contrast, start, p.Contrast, 0, count);
        Array.Copy(all.Saturation, start, p.Saturation, 0, count);
        Array.Copy(all.Hue, start, p.Hue, 0, count);
        Array.Copy(all.Grayscale, start, p.Grayscale, 0, count);
        Array.Copy(all.Blur, start, p.Blur, 0, count);
        Array.Copy(all.BlurSigma, start, p.BlurSigma, 0, count);
        Array.Copy(all.Solarize, start, p.Solarize, 0, count);
        Array.Copy(all.JitterOrder, start * ViewParameters.JitterSteps, p.JitterOrder, 0, count * ViewParameters.JitterSteps);
        return p;
    }
}
