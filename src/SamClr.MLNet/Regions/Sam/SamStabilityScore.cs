namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// SAM's stability score (<c>calculate_stability_score</c> in <c>segment_anything/utils/amg.py</c>): how little a
/// mask changes when its logit threshold moves by ± an offset.
/// </summary>
internal static class SamStabilityScore
{
    /// <summary>
    /// <c>count(logit &gt; threshold + offset) / count(logit &gt; threshold - offset)</c>: the IoU of the mask
    /// binarised at the higher threshold with the mask binarised at the lower one (the first is contained in the
    /// second). NaN when no logit exceeds <c>threshold - offset</c> (SAM divides 0 by 0 too), so such a mask never
    /// passes a stability filter.
    /// </summary>
    /// <param name="logits">One mask's logits (any layout; only counts matter).</param>
    /// <param name="maskThreshold">The mask threshold (SAM's default 0.0).</param>
    /// <param name="offset">The threshold offset (SAM's default 1.0).</param>
    public static float Compute(ReadOnlySpan<float> logits, float maskThreshold, float offset)
    {
        float high = maskThreshold + offset, low = maskThreshold - offset;
        int intersection = 0, union = 0;
        foreach (float logit in logits)
        {
            if (logit > low)
            {
                union++;
                if (logit > high) intersection++;
            }
        }
        return union == 0 ? float.NaN : (float)intersection / union;
    }
}
