using System.Collections.ObjectModel;

namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>One object class of the synthetic scenes: an outline and a surface pattern.</summary>
/// <param name="Name">The class name shown to users, "pattern-shape".</param>
/// <param name="Outline">The outline in the local frame, inside the unit circle.</param>
/// <param name="Pattern">The pattern kind its surface carries.</param>
internal sealed record ShapeClass(string Name, Shape Outline, PatternKind Pattern)
{
    /// <summary>Sample points per side of the grid <see cref="Area"/> is measured on.</summary>
    private const int AreaGrid = 512;

    /// <summary>
    /// Area of the outline in square local units, counted once on a 512 x 512 grid of points over [-1, 1]^2
    /// (cells of 1/256 unit); e.g. 2.66 for the disc of radius 0.92 (pi x 0.92^2 = 2.659).
    /// </summary>
    public double Area { get; } = MeasureArea(Outline);

    /// <summary>
    /// The ten classes. Outlines differ (round, hollow, angular, concave) and patterns repeat across
    /// classes, so neither the pattern alone nor the outline's rough area names the class.
    /// </summary>
    public static ReadOnlyCollection<ShapeClass> All { get; } = Array.AsReadOnly(new[]
    {
        new ShapeClass("solid-disc", new DiscShape(0.92f), PatternKind.Solid),
        new ShapeClass("gradient-ring", new RingShape(0.68f, 0.27f), PatternKind.Gradient),
        new ShapeClass("checker-square", ConvexPolygonShape.Rectangle(0.68f, 0.68f), PatternKind.Checker),
        new ShapeClass("striped-triangle", ConvexPolygonShape.Regular(3, 0.98f, MathF.PI / 2f), PatternKind.Stripes),
        new ShapeClass("solid-cross", new UnionShape(ConvexPolygonShape.Rectangle(0.95f, 0.3f), ConvexPolygonShape.Rectangle(0.3f, 0.95f)), PatternKind.Solid),
        new ShapeClass("gradient-star", new StarShape(5, 0.98f, 0.45f), PatternKind.Gradient),
        new ShapeClass("dotted-crescent", new DifferenceShape(new DiscShape(0.92f), new DiscShape(0.72f, 0.42f, 0f)), PatternKind.Dots),
        new ShapeClass("striped-ellipse", new EllipseShape(0.95f, 0.55f), PatternKind.Stripes),
        new ShapeClass("concentric-hexagon", ConvexPolygonShape.Regular(6, 0.95f, 0f), PatternKind.Concentric),
        new ShapeClass("dotted-arrow", new UnionShape(
            new ConvexPolygonShape((0.95f, 0f), (0.05f, 0.72f), (0.05f, -0.72f)),
            ConvexPolygonShape.Rectangle(0.52f, 0.24f, -0.42f, 0f)), PatternKind.Dots),
    });

    private static double MeasureArea(Shape outline)
    {
        int inside = 0;
        for (int j = 0; j < AreaGrid; j++)
            for (int i = 0; i < AreaGrid; i++)
                if (outline.Distance(2f * (i + 0.5f) / AreaGrid - 1f, 2f * (j + 0.5f) / AreaGrid - 1f) < 0f) inside++;
        return 4.0 * inside / ((double)AreaGrid * AreaGrid);
    }
}
