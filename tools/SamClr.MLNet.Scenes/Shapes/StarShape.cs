namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// A star with the given number of tips on a circle of the outer radius and notches on a circle of the
/// inner radius, the first tip on the +x axis. The point is folded by symmetry into
/// the half sector between a tip (angle 0) and a notch (angle pi/points); there the outline is one segment,
/// so the distance is exact.
/// </summary>
internal sealed class StarShape : Shape
{
    private readonly float _sector;
    private readonly float _tipX;
    private readonly float _notchX;
    private readonly float _notchY;

    public StarShape(int points, float outerRadius, float innerRadius)
    {
        if (points < 3) throw new ArgumentOutOfRangeException(nameof(points), $"A star needs at least 3 points, got {points}.");
        _sector = 2f * MathF.PI / points;
        _tipX = outerRadius;
        _notchX = innerRadius * MathF.Cos(_sector / 2f);
        _notchY = innerRadius * MathF.Sin(_sector / 2f);
    }

    public override float Distance(float x, float y)
    {
        float radius = MathF.Sqrt(x * x + y * y);
        float angle = MathF.Atan2(y, x);
        float t = angle - _sector * MathF.Floor(angle / _sector);
        float folded = MathF.Min(t, _sector - t);
        float qx = radius * MathF.Cos(folded), qy = radius * MathF.Sin(folded);

        // Distance to the segment from the tip (tipX, 0) to the notch.
        float ex = _notchX - _tipX, ey = _notchY;
        float px = qx - _tipX, py = qy;
        float h = Math.Clamp((px * ex + py * ey) / (ex * ex + ey * ey), 0f, 1f);
        float dx = px - h * ex, dy = py - h * ey;
        float distance = MathF.Sqrt(dx * dx + dy * dy);
        // The origin lies to the left of the tip-to-notch direction, so a positive cross product means inside.
        float cross = ex * py - ey * px;
        return cross > 0f ? -distance : distance;
    }
}
