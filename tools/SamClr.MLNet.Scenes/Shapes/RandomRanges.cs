namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>Uniform draws in a range, for the street scenes' many randomised proportions.</summary>
internal static class RandomRanges
{
    /// <summary>A float uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static float Between(this Random random, double low, double high) => (float)(low + (high - low) * random.NextDouble());
}
