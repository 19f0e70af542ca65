namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>A disc of the given radius centred at (<paramref name="centreX"/>, <paramref name="centreY"/>); exact distance.</summary>
internal sealed class DiscShape(float radius, float centreX = 0f, float centreY = 0f) : Shape
{
    public override float Distance(float x, float y)
    {
        float dx = x - centreX, dy = y - centreY;
        return MathF.Sqrt(dx * dx + dy * dy) - radius;
    }
}

/// <summary>An annulus around the origin with the given mid-line radius and half thickness; exact distance.</summary>
internal sealed class RingShape(float midRadius, float halfThickness) : Shape
{
    public override float Distance(float x, float y) => MathF.Abs(MathF.Sqrt(x * x + y * y) - midRadius) - halfThickness;
}

/// <summary>
/// An axis-aligned ellipse with semi-axes <paramref name="a"/> (x) and <paramref name="b"/> (y).
/// The implicit function |(x/a, y/b)| - 1 has a gradient no longer than 1 / min(a, b), so multiplying it by
/// min(a, b) never overstates the distance to the outline.
/// </summary>
internal sealed class EllipseShape(float a, float b) : Shape
{
    private readonly float _minAxis = MathF.Min(a, b);

    public override float Distance(float x, float y)
    {
        float u = x / a, v = y / b;
        return (MathF.Sqrt(u * u + v * v) - 1f) * _minAxis;
    }
}
