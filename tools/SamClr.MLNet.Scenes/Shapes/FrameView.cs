namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// A window onto a larger frame: primitives are given in frame pixels and drawn, anti-aliased, on a canvas that
/// shows the frame from (<see cref="OriginX"/>, <see cref="OriginY"/>) at <see cref="Scale"/> canvas pixels per frame
/// pixel. A whole street frame uses origin 0 and scale 1; an evaluation image paints only a crop of a frame, at its
/// own resolution, from the same primitives.
/// </summary>
internal sealed class FrameView(Canvas canvas, float originX, float originY, float scale)
{
    /// <summary>The canvas drawn on.</summary>
    public Canvas Canvas => canvas;

    /// <summary>Frame x of the canvas's left edge.</summary>
    public float OriginX => originX;

    /// <summary>Frame y of the canvas's top edge.</summary>
    public float OriginY => originY;

    /// <summary>Canvas pixels per frame pixel.</summary>
    public float Scale => scale;

    /// <summary>Frame y of the centre of canvas row <paramref name="row"/>.</summary>
    public float FrameY(int row) => originY + (row + 0.5f) / scale;

    /// <summary>Blends <paramref name="colour"/> over the frame rectangle [x0, x1) x [y0, y1), weighting each pixel by the share of it inside.</summary>
    public void FillRect(float x0, float y0, float x1, float y1, Rgb colour, float opacity = 1f) =>
        ForEachCovered(x0, y0, x1, y1, (x, y, weight) => canvas.Blend(x, y, colour, opacity * weight));

    /// <summary>Adds <paramref name="delta"/> over the frame rectangle [x0, x1) x [y0, y1), weighted by the share of each pixel inside.</summary>
    public void ShadeRect(float x0, float y0, float x1, float y1, Rgb delta) =>
        ForEachCovered(x0, y0, x1, y1, (x, y, weight) => canvas.Add(x, y, delta, weight));

    /// <summary>Blends <paramref name="colour"/> over a convex polygon with frame vertices in either winding; degenerate polygons draw nothing.</summary>
    public void FillPolygon(Rgb colour, float opacity, params (float X, float Y)[] vertices)
    {
        var points = vertices.Select(v => (ToCanvasX(v.X), ToCanvasY(v.Y))).ToArray();
        float twiceArea = 0f;
        for (int i = 0; i < points.Length; i++)
        {
            var (ax, ay) = points[i];
            var (bx, by) = points[(i + 1) % points.Length];
            twiceArea += ax * by - bx * ay;
        }
        if (MathF.Abs(twiceArea) < 1e-4f) return;
        if (twiceArea < 0f) Array.Reverse(points);
        FillShape(new ConvexPolygonShape(points), points.Min(p => p.Item1), points.Min(p => p.Item2),
            points.Max(p => p.Item1), points.Max(p => p.Item2), colour, opacity);
    }

    /// <summary>Blends <paramref name="colour"/> over a disc given in frame pixels.</summary>
    public void FillDisc(float centreX, float centreY, float radius, Rgb colour, float opacity = 1f)
    {
        float cx = ToCanvasX(centreX), cy = ToCanvasY(centreY), r = radius * scale;
        FillShape(new DiscShape(r, cx, cy), cx - r, cy - r, cx + r, cy + r, colour, opacity);
    }

    private float ToCanvasX(float frameX) => (frameX - originX) * scale;

    private float ToCanvasY(float frameY) => (frameY - originY) * scale;

    /// <summary>Blends over a shape given in canvas pixels, with coverage falling from 1 to 0 across the pixel on its outline.</summary>
    private void FillShape(Shape shape, float x0, float y0, float x1, float y1, Rgb colour, float opacity)
    {
        int left = Math.Max(0, (int)MathF.Floor(x0) - 1), top = Math.Max(0, (int)MathF.Floor(y0) - 1);
        int right = Math.Min(canvas.Width, (int)MathF.Ceiling(x1) + 1), bottom = Math.Min(canvas.Height, (int)MathF.Ceiling(y1) + 1);
        for (int y = top; y < bottom; y++)
            for (int x = left; x < right; x++)
            {
                float weight = Math.Clamp(0.5f - shape.Distance(x + 0.5f, y + 0.5f), 0f, 1f);
                if (weight > 0f) canvas.Blend(x, y, colour, opacity * weight);
            }
    }

    private void ForEachCovered(float x0, float y0, float x1, float y1, Action<int, int, float> visit)
    {
        float cx0 = ToCanvasX(x0), cx1 = ToCanvasX(x1), cy0 = ToCanvasY(y0), cy1 = ToCanvasY(y1);
        int left = Math.Max(0, (int)MathF.Floor(cx0)), right = Math.Min(canvas.Width, (int)MathF.Ceiling(cx1));
        int top = Math.Max(0, (int)MathF.Floor(cy0)), bottom = Math.Min(canvas.Height, (int)MathF.Ceiling(cy1));
        for (int y = top; y < bottom; y++)
        {
            float rows = MathF.Min(y + 1, cy1) - MathF.Max(y, cy0);
            if (rows <= 0f) continue;
            for (int x = left; x < right; x++)
            {
                float columns = MathF.Min(x + 1, cx1) - MathF.Max(x, cx0);
                if (columns > 0f) visit(x, y, rows * columns);
            }
        }
    }
}
