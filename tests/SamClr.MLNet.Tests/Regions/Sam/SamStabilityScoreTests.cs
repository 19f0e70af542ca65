using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamStabilityScoreTests
{
    [Fact]
    public void CountsLogitsStrictlyAboveTheShiftedThresholds()
    {
        // Threshold 0, offset 1: high cut 1, low cut -1 (both strict).
        // > 1: 1.5, 2.5                                  -> 2   (1.0 itself is not > 1)
        // > -1: -0.5, 0.5, 1.5, 2.5, 0.9, 1.0            -> 6   (-2 and -1.0 are not > -1)
        // score = 2 / 6 = 1/3
        float[] logits = [-2f, -0.5f, 0.5f, 1.5f, 2.5f, 0.9f, -1f, 1f];
        Assert.Equal(1f / 3f, SamStabilityScore.Compute(logits, 0f, 1f), 6);
    }

    [Fact]
    public void ThresholdAndOffsetMoveBothCuts()
    {
        // Threshold 0.5, offset 0.25: cuts 0.75 and 0.25. > 0.75: 0.8, 3 -> 2; > 0.25: 0.3, 0.8, 3 -> 3; score 2/3.
        float[] logits = [0.2f, 0.3f, 0.8f, 3f, -5f];
        Assert.Equal(2f / 3f, SamStabilityScore.Compute(logits, 0.5f, 0.25f), 6);
    }

    [Fact]
    public void ASharpMaskIsFullyStable()
    {
        // Every logit is +-10: the masks at +1 and -1 are the same 3 pixels -> 3 / 3 = 1.
        float[] logits = [10f, -10f, 10f, 10f, -10f];
        Assert.Equal(1f, SamStabilityScore.Compute(logits, 0f, 1f));
    }

    [Fact]
    public void NoPixelAboveTheLowCutGivesNaN()
    {
        // 0 / 0, as in SAM: such a mask can never pass "score >= 0.95".
        float[] logits = [-3f, -1f, -1.5f];
        Assert.True(float.IsNaN(SamStabilityScore.Compute(logits, 0f, 1f)));
    }
}
