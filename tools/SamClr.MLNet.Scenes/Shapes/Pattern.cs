namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>The surface patterns an object can carry; each class has one.</summary>
internal enum PatternKind
{
    /// <summary>One colour.</summary>
    Solid,
    /// <summary>Parallel bands of two colours.</summary>
    Stripes,
    /// <summary>A checkerboard of two colours.</summary>
    Checker,
    /// <summary>Round dots of the second colour on a grid.</summary>
    Dots,
    /// <summary>Rings of two colours around the object's centre.</summary>
    Concentric,
    /// <summary>A smooth ramp from the first to the second colour.</summary>
    Gradient,
}

/// <summary>
/// A two-colour surface pattern in an object's local frame (the unit circle holds the object).
/// <see cref="Mix"/> gives the weight of the second colour, with edges anti-aliased over one pixel footprint.
/// </summary>
internal abstract class Pattern
{
    /// <summary>Weight in [0, 1] of the second colour at local point (x, y); <paramref name="footprint"/> is one pixel's size in local units.</summary>
    public abstract float Mix(float x, float y, float footprint);

    /// <summary>Draws a pattern of <paramref name="kind"/> with random period, angle and phase.</summary>
    public static Pattern Create(PatternKind kind, Random random)
    {
        float angle = (float)(random.NextDouble() * Math.PI);
        float phase = (float)random.NextDouble();
        float Between(double low, double high) => (float)(low + (high - low) * random.NextDouble());
        return kind switch
        {
            PatternKind.Solid => new SolidPattern(),
            PatternKind.Stripes => new StripesPattern(angle, Between(0.32, 0.55), phase),
            PatternKind.Checker => new CheckerPattern(angle, Between(0.3, 0.5), phase),
            PatternKind.Dots => new DotsPattern(angle, Between(0.3, 0.45), phase),
            PatternKind.Concentric => new ConcentricPattern(Between(0.3, 0.5), phase),
            PatternKind.Gradient => new GradientPattern(angle * 2f),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown pattern kind."),
        };
    }

    /// <summary>Anti-aliased weight for a signed distance (local units, negative = second colour) to a colour edge.</summary>
    protected static float Coverage(float signedDistance, float footprint) => Math.Clamp(0.5f - signedDistance / footprint, 0f, 1f);

    /// <summary>
    /// Signed distance from coordinate <paramref name="s"/> to the edges of bands of width period/2 centred on
    /// (n + 1/2) x period (negative inside a band, which takes the second colour).
    /// </summary>
    protected static float BandDistance(float s, float period)
    {
        float cycles = s / period;
        float fraction = cycles - MathF.Floor(cycles);
        return (MathF.Abs(fraction - 0.5f) - 0.25f) * period;
    }
}

internal sealed class SolidPattern : Pattern
{
    public override float Mix(float x, float y, float footprint) => 0f;
}

internal sealed class StripesPattern(float angle, float period, float phase) : Pattern
{
    private readonly float _cos = MathF.Cos(angle);
    private readonly float _sin = MathF.Sin(angle);

    public override float Mix(float x, float y, float footprint) =>
        Coverage(BandDistance(x * _cos + y * _sin + phase * period, period), footprint);
}

internal sealed class CheckerPattern(float angle, float cell, float phase) : Pattern
{
    private readonly float _cos = MathF.Cos(angle);
    private readonly float _sin = MathF.Sin(angle);

    public override float Mix(float x, float y, float footprint)
    {
        float u = (x * _cos + y * _sin) / cell + phase;
        float v = (-x * _sin + y * _cos) / cell + phase;
        float fu = MathF.Floor(u), fv = MathF.Floor(v);
        // Distance to the nearest cell edge, in local units.
        float edge = MathF.Min(MathF.Min(u - fu, 1f - (u - fu)), MathF.Min(v - fv, 1f - (v - fv))) * cell;
        bool second = (((int)fu + (int)fv) & 1) == 0;
        return Coverage(second ? -edge : edge, footprint);
    }
}

internal sealed class DotsPattern(float angle, float spacing, float phase) : Pattern
{
    private readonly float _cos = MathF.Cos(angle);
    private readonly float _sin = MathF.Sin(angle);

    public override float Mix(float x, float y, float footprint)
    {
        float u = (x * _cos + y * _sin) / spacing + phase;
        float v = (-x * _sin + y * _cos) / spacing + phase;
        float du = u - MathF.Round(u), dv = v - MathF.Round(v);
        float distance = (MathF.Sqrt(du * du + dv * dv) - 0.3f) * spacing;
        return Coverage(distance, footprint);
    }
}

internal sealed class ConcentricPattern(float period, float phase) : Pattern
{
    public override float Mix(float x, float y, float footprint) =>
        Coverage(BandDistance(MathF.Sqrt(x * x + y * y) + phase * period, period), footprint);
}

internal sealed class GradientPattern(float angle) : Pattern
{
    private readonly float _cos = MathF.Cos(angle);
    private readonly float _sin = MathF.Sin(angle);

    public override float Mix(float x, float y, float footprint) => Math.Clamp(0.5f + 0.5f * (x * _cos + y * _sin), 0f, 1f);
}
