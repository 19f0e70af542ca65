namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// Paints the cluttered background every synthetic image starts from: a smooth gradient between two greyish
/// colours, a few large soft patches, and many small low-contrast strokes and blobs. Clutter sizes are given
/// in a length unit (a tenth of a typical object's diameter), so scene images and single-object images
/// at different resolutions show clutter of the same size relative to their objects.
/// </summary>
internal static class Background
{
    /// <summary>Strokes per square unit of canvas (about 58 on a 96 px scene with 3.1 px units).</summary>
    private const double StrokeDensity = 0.06;

    /// <summary>Blobs per square unit of canvas (about 38 on a 96 px scene).</summary>
    private const double BlobDensity = 0.04;

    /// <summary>Paints the whole canvas; <paramref name="unit"/> is the clutter length unit in pixels.</summary>
    public static void Paint(Canvas canvas, float unit, Random random)
    {
        PaintGradient(canvas, random); // Sets every pixel, so nothing of the canvas's previous image remains.
        int patches = 3 + random.Next(4);
        for (int i = 0; i < patches; i++) PaintPatch(canvas, unit, random);
        PaintClutter(canvas, unit, random);
    }

    /// <summary>
    /// Paints the small low-contrast strokes and blobs over the whole canvas, <paramref name="density"/> times the
    /// scenes' number per square unit; the street scenes paint them over their structured background.
    /// </summary>
    public static void PaintClutter(Canvas canvas, float unit, Random random, double density = 1)
    {
        double unitsX = canvas.Width / unit, unitsY = canvas.Height / unit;
        int strokes = (int)Math.Round(density * StrokeDensity * unitsX * unitsY);
        for (int i = 0; i < strokes; i++) PaintStroke(canvas, unit, random);
        int blobs = (int)Math.Round(density * BlobDensity * unitsX * unitsY);
        for (int i = 0; i < blobs; i++) PaintBlob(canvas, unit, random);
    }

    private static void PaintGradient(Canvas canvas, Random random)
    {
        var from = Palette.BackgroundColour(random);
        var to = Palette.BackgroundColour(random);
        float angle = (float)(random.NextDouble() * 2 * Math.PI);
        float cos = MathF.Cos(angle), sin = MathF.Sin(angle);
        float halfX = canvas.Width / 2f, halfY = canvas.Height / 2f, reach = Math.Max(canvas.Width, canvas.Height) * 0.71f;
        for (int y = 0; y < canvas.Height; y++)
            for (int x = 0; x < canvas.Width; x++)
            {
                float t = Math.Clamp(0.5f + ((x + 0.5f - halfX) * cos + (y + 0.5f - halfY) * sin) / reach, 0f, 1f);
                canvas.Set(x, y, from.Lerp(to, t));
            }
    }

    /// <summary>A large soft patch: a Gaussian bump of 6-15 units radius that shifts the colour by at most 18.</summary>
    private static void PaintPatch(Canvas canvas, float unit, Random random)
    {
        float cx = (float)random.NextDouble() * canvas.Width, cy = (float)random.NextDouble() * canvas.Height;
        float radius = unit * (6f + 9f * (float)random.NextDouble());
        var delta = RandomDelta(random, 18f);
        float inverse = 1f / (2f * radius * radius);
        for (int y = 0; y < canvas.Height; y++)
            for (int x = 0; x < canvas.Width; x++)
            {
                float dx = x + 0.5f - cx, dy = y + 0.5f - cy;
                canvas.Add(x, y, delta, MathF.Exp(-(dx * dx + dy * dy) * inverse));
            }
    }

    /// <summary>A short stroke: a capsule 0.8-3 units long and 0.4-0.9 units wide (at least one pixel).</summary>
    private static void PaintStroke(Canvas canvas, float unit, Random random)
    {
        float ax = (float)random.NextDouble() * canvas.Width, ay = (float)random.NextDouble() * canvas.Height;
        float angle = (float)(random.NextDouble() * 2 * Math.PI);
        float length = unit * (0.8f + 2.2f * (float)random.NextDouble());
        float halfWidth = MathF.Max(0.5f, unit * (0.2f + 0.25f * (float)random.NextDouble()));
        float bx = ax + length * MathF.Cos(angle), by = ay + length * MathF.Sin(angle);
        var delta = RandomDelta(random, 30f);
        float opacity = 0.5f + 0.5f * (float)random.NextDouble();
        float ex = bx - ax, ey = by - ay, lengthSquared = ex * ex + ey * ey;
        ForEachPixelNear(canvas, MathF.Min(ax, bx) - halfWidth, MathF.Min(ay, by) - halfWidth,
            MathF.Max(ax, bx) + halfWidth, MathF.Max(ay, by) + halfWidth, (x, y) =>
            {
                float px = x + 0.5f - ax, py = y + 0.5f - ay;
                float h = Math.Clamp((px * ex + py * ey) / lengthSquared, 0f, 1f);
                float dx = px - h * ex, dy = py - h * ey;
                float d = MathF.Sqrt(dx * dx + dy * dy) - halfWidth;
                canvas.Add(x, y, delta, opacity * Math.Clamp(0.5f - d, 0f, 1f));
            });
    }

    /// <summary>A small blob: a disc of 0.3-1 unit radius (at least 0.7 pixels).</summary>
    private static void PaintBlob(Canvas canvas, float unit, Random random)
    {
        float cx = (float)random.NextDouble() * canvas.Width, cy = (float)random.NextDouble() * canvas.Height;
        float radius = MathF.Max(0.7f, unit * (0.3f + 0.7f * (float)random.NextDouble()));
        var delta = RandomDelta(random, 30f);
        float opacity = 0.5f + 0.5f * (float)random.NextDouble();
        ForEachPixelNear(canvas, cx - radius, cy - radius, cx + radius, cy + radius, (x, y) =>
        {
            float dx = x + 0.5f - cx, dy = y + 0.5f - cy;
            float d = MathF.Sqrt(dx * dx + dy * dy) - radius;
            canvas.Add(x, y, delta, opacity * Math.Clamp(0.5f - d, 0f, 1f));
        });
    }

    /// <summary>A colour change: a grey shift of 8 to <paramref name="largest"/> either way, plus up to 6 per channel.</summary>
    private static Rgb RandomDelta(Random random, float largest)
    {
        float grey = (8f + (largest - 8f) * (float)random.NextDouble()) * (random.NextDouble() < 0.5 ? -1f : 1f);
        float Tint() => 6f * (2f * (float)random.NextDouble() - 1f);
        return new Rgb(grey + Tint(), grey + Tint(), grey + Tint());
    }

    /// <summary>Visits the canvas pixels whose centres may lie within one pixel of the box.</summary>
    private static void ForEachPixelNear(Canvas canvas, float x0, float y0, float x1, float y1, Action<int, int> visit)
    {
        int left = Math.Max(0, (int)MathF.Floor(x0) - 1), top = Math.Max(0, (int)MathF.Floor(y0) - 1);
        int right = Math.Min(canvas.Width - 1, (int)MathF.Ceiling(x1) + 1), bottom = Math.Min(canvas.Height - 1, (int)MathF.Ceiling(y1) + 1);
        for (int y = top; y <= bottom; y++)
            for (int x = left; x <= right; x++)
                visit(x, y);
    }
}
