namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// One object instance placed on a canvas: its class, pose (centre, rotation, per-axis scale), pattern and
/// colours. A canvas point maps to the class's local frame by translating to the centre, rotating by minus
/// the angle and dividing by the per-axis scale; the object lies within <see cref="Radius"/> pixels of its centre.
/// </summary>
internal sealed class PlacedObject
{
    /// <summary>Largest ratio between the two axis scales (aspect jitter), 1.3.</summary>
    public const double MaxAspect = 1.3;

    private readonly float _angle;
    private readonly float _cos;
    private readonly float _sin;
    private readonly float _scaleX;
    private readonly float _scaleY;
    private readonly Pattern _pattern;
    private readonly Rgb _first;
    private readonly Rgb _second;

    /// <summary>An object with a fixed pose; <paramref name="scaleX"/> and <paramref name="scaleY"/> are pixels per local unit.</summary>
    public PlacedObject(int classIndex, float centreX, float centreY, float angle, float scaleX, float scaleY,
        Pattern pattern, Rgb first, Rgb second)
    {
        ClassIndex = classIndex;
        Class = ShapeClass.All[classIndex];
        CentreX = centreX;
        CentreY = centreY;
        _angle = angle;
        _cos = MathF.Cos(angle);
        _sin = MathF.Sin(angle);
        _scaleX = scaleX;
        _scaleY = scaleY;
        _pattern = pattern;
        _first = first;
        _second = second;
        MinScale = MathF.Min(scaleX, scaleY);
        Radius = MathF.Max(scaleX, scaleY);
    }

    /// <summary>Index into <see cref="ShapeClass.All"/>.</summary>
    public int ClassIndex { get; }

    /// <summary>The object's class.</summary>
    public ShapeClass Class { get; }

    /// <summary>Centre x in canvas pixels.</summary>
    public float CentreX { get; }

    /// <summary>Centre y in canvas pixels.</summary>
    public float CentreY { get; }

    /// <summary>Radius in pixels of a circle around the centre that holds the whole object.</summary>
    public float Radius { get; }

    /// <summary>The smaller axis scale: local distances times this never exceed canvas distances.</summary>
    public float MinScale { get; }

    /// <summary>
    /// Draws rotation (uniform), aspect jitter (log-uniform up to <see cref="MaxAspect"/>), pattern parameters and
    /// colours (independent of the class) for an object whose larger axis spans <paramref name="diameter"/> pixels.
    /// </summary>
    public static PlacedObject Create(int classIndex, float diameter, float centreX, float centreY, Random random)
    {
        var (angle, aspect) = DrawPose(random);
        return Finish(classIndex, diameter, centreX, centreY, angle, aspect, random);
    }

    /// <summary>
    /// Draws an object as <see cref="Create"/> does, sized so that its outline covers <paramref name="area"/> square
    /// pixels (the class's <see cref="ShapeClass.Area"/> times the two axis scales), centred at the origin; place it
    /// with <see cref="MovedTo"/> once its <see cref="Radius"/> is known.
    /// </summary>
    public static PlacedObject CreateWithArea(int classIndex, double area, Random random)
    {
        var (angle, aspect) = DrawPose(random);
        // The axis scales are (d/2) sqrt(aspect) / longest and (d/2) / sqrt(aspect) / longest, so their product is (d/2)^2 / longest^2.
        double longestSquared = Math.Max(aspect, 1 / aspect);
        float diameter = (float)(2 * Math.Sqrt(area * longestSquared / ShapeClass.All[classIndex].Area));
        return Finish(classIndex, diameter, 0f, 0f, angle, aspect, random);
    }

    /// <summary>The same object (class, rotation, scale, pattern, colours) centred at (<paramref name="centreX"/>, <paramref name="centreY"/>).</summary>
    public PlacedObject MovedTo(float centreX, float centreY) =>
        new(ClassIndex, centreX, centreY, _angle, _scaleX, _scaleY, _pattern, _first, _second);

    private static (float Angle, double Aspect) DrawPose(Random random)
    {
        float angle = (float)(random.NextDouble() * 2 * Math.PI);
        double aspect = Math.Exp((2 * random.NextDouble() - 1) * Math.Log(MaxAspect));
        return (angle, aspect);
    }

    private static PlacedObject Finish(int classIndex, float diameter, float centreX, float centreY, float angle, double aspect, Random random)
    {
        double root = Math.Sqrt(aspect);
        float longest = (float)Math.Max(root, 1 / root);
        float scaleX = (float)(diameter / 2 * root / longest), scaleY = (float)(diameter / 2 / root / longest);
        var pattern = Pattern.Create(ShapeClass.All[classIndex].Pattern, random);
        var (first, second) = Palette.ObjectColours(random);
        return new PlacedObject(classIndex, centreX, centreY, angle, scaleX, scaleY, pattern, first, second);
    }

    /// <summary>Maps canvas point (px, py) to the local frame.</summary>
    public (float U, float V) ToLocal(float px, float py)
    {
        float dx = px - CentreX, dy = py - CentreY;
        return ((dx * _cos + dy * _sin) / _scaleX, (-dx * _sin + dy * _cos) / _scaleY);
    }

    /// <summary>The surface colour at the centre of canvas pixel (x, y).</summary>
    public Rgb ColourAt(int x, int y)
    {
        var (u, v) = ToLocal(x + 0.5f, y + 0.5f);
        return _first.Lerp(_second, _pattern.Mix(u, v, 1f / MinScale));
    }

    /// <summary>Blends the object over <paramref name="canvas"/> with the given coverage.</summary>
    public void Paint(Canvas canvas, Coverage coverage)
    {
        for (int y = coverage.Top; y < coverage.Top + coverage.Height; y++)
            for (int x = coverage.Left; x < coverage.Left + coverage.Width; x++)
            {
                float weight = coverage[x, y];
                if (weight > 0f) canvas.Blend(x, y, ColourAt(x, y), weight);
            }
    }
}
