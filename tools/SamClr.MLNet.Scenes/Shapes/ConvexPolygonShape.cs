namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// A convex polygon given by its vertices in counter-clockwise order. The distance bound is the largest
/// signed distance to the edge lines: exact inside and along the edges, an underestimate near the corners.
/// </summary>
internal sealed class ConvexPolygonShape : Shape
{
    private readonly float[] _normalX;
    private readonly float[] _normalY;
    private readonly float[] _offset;

    /// <summary>Builds the polygon; throws when the vertices are fewer than three or not counter-clockwise convex.</summary>
    public ConvexPolygonShape(params (float X, float Y)[] vertices)
    {
        if (vertices.Length < 3) throw new ArgumentException($"A polygon needs at least 3 vertices, got {vertices.Length}.", nameof(vertices));
        int n = vertices.Length;
        _normalX = new float[n];
        _normalY = new float[n];
        _offset = new float[n];
        for (int i = 0; i < n; i++)
        {
            var (ax, ay) = vertices[i];
            var (bx, by) = vertices[(i + 1) % n];
            float ex = bx - ax, ey = by - ay;
            float length = MathF.Sqrt(ex * ex + ey * ey);
            // For a counter-clockwise outline the outward normal of edge (ex, ey) is (ey, -ex).
            _normalX[i] = ey / length;
            _normalY[i] = -ex / length;
            _offset[i] = _normalX[i] * ax + _normalY[i] * ay;
            var (cx, cy) = vertices[(i + 2) % n];
            if (_normalX[i] * cx + _normalY[i] * cy - _offset[i] > 1e-6f)
                throw new ArgumentException("Polygon vertices must be convex and in counter-clockwise order.", nameof(vertices));
        }
    }

    /// <summary>A regular polygon with <paramref name="sides"/> vertices on a circle of <paramref name="radius"/>, the first at angle <paramref name="startAngle"/>.</summary>
    public static ConvexPolygonShape Regular(int sides, float radius, float startAngle)
    {
        var vertices = new (float, float)[sides];
        for (int i = 0; i < sides; i++)
        {
            float angle = startAngle + 2f * MathF.PI * i / sides;
            vertices[i] = (radius * MathF.Cos(angle), radius * MathF.Sin(angle));
        }
        return new ConvexPolygonShape(vertices);
    }

    /// <summary>An axis-aligned rectangle with the given half extents around (<paramref name="centreX"/>, <paramref name="centreY"/>).</summary>
    public static ConvexPolygonShape Rectangle(float halfWidth, float halfHeight, float centreX = 0f, float centreY = 0f) =>
        new((centreX - halfWidth, centreY - halfHeight), (centreX + halfWidth, centreY - halfHeight),
            (centreX + halfWidth, centreY + halfHeight), (centreX - halfWidth, centreY + halfHeight));

    public override float Distance(float x, float y)
    {
        float d = float.NegativeInfinity;
        for (int i = 0; i < _offset.Length; i++)
            d = MathF.Max(d, _normalX[i] * x + _normalY[i] * y - _offset[i]);
        return d;
    }
}
