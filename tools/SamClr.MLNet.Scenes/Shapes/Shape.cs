namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// A filled 2-D shape in its own local frame, where the whole shape lies inside the unit circle.
/// The shape is described by a signed distance bound: negative inside, positive outside, and never
/// larger in magnitude than the true Euclidean distance to the outline. The bound lets the rasteriser
/// skip supersampling wherever a pixel is certainly far from the outline.
/// </summary>
internal abstract class Shape
{
    /// <summary>Signed distance bound at local point (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public abstract float Distance(float x, float y);
}

/// <summary>Union of two shapes: the minimum of their distance bounds is again a bound.</summary>
internal sealed class UnionShape(Shape first, Shape second) : Shape
{
    public override float Distance(float x, float y) => MathF.Min(first.Distance(x, y), second.Distance(x, y));
}

/// <summary>The first shape with the second cut out: max(d1, -d2) is again a bound.</summary>
internal sealed class DifferenceShape(Shape kept, Shape removed) : Shape
{
    public override float Distance(float x, float y) => MathF.Max(kept.Distance(x, y), -removed.Distance(x, y));
}
