namespace SamClr.MLNet.Views;

/// <summary>Continuous draws from a caller-supplied <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    /// <summary>A value uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    internal static double Uniform(this Random rng, double low, double high) => low + rng.NextDouble() * (high - low);
}
