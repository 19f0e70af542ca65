using SamClr.MLNet.Scenes;
using SamClr.MLNet.Scenes.Shapes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class SceneShapeTests
{
    [Fact]
    public void DiscAndRectangleDistancesAreExact()
    {
        var disc = new DiscShape(0.92f);
        Assert.Equal(0.08f, disc.Distance(1f, 0f), 5);      // 1 - 0.92
        Assert.Equal(-0.92f, disc.Distance(0f, 0f), 5);
        var box = ConvexPolygonShape.Rectangle(0.68f, 0.3f);
        Assert.Equal(-0.3f, box.Distance(0f, 0f), 5);       // nearest edge is the long one at y = 0.3
        Assert.Equal(0.32f, box.Distance(1f, 0f), 5);       // 1 - 0.68
    }

    [Fact]
    public void StarDistanceReachesTipsAndNotches()
    {
        var star = new StarShape(5, 0.98f, 0.45f);
        Assert.Equal(0f, star.Distance(0.98f, 0f), 4);
        // The notch at 36 degrees, radius 0.45, is the outline point nearest the centre: distance -0.45.
        Assert.Equal(-0.45f, star.Distance(0f, 0f), 4);
        // The tip at 72 degrees is a tip too (five-fold symmetry).
        Assert.Equal(0f, star.Distance(0.98f * MathF.Cos(2 * MathF.PI / 5), 0.98f * MathF.Sin(2 * MathF.PI / 5)), 4);
        Assert.True(star.Distance(0.6f * MathF.Cos(MathF.PI / 5), 0.6f * MathF.Sin(MathF.PI / 5)) > 0f, "Beyond a notch is outside.");
    }

    [Fact]
    public void PolygonRejectsClockwiseVertices()
    {
        Assert.Throws<ArgumentException>(() => new ConvexPolygonShape((0f, 0f), (0f, 1f), (1f, 0f)));
    }

    [Fact]
    public void StripesAlternateWithAntiAliasedEdges()
    {
        var stripes = new StripesPattern(angle: 0f, period: 0.5f, phase: 0f);
        // s = x; bands of the second colour are centred on (n + 1/2) x 0.5 = 0.25, 0.75, ...
        Assert.Equal(0f, stripes.Mix(0f, 0.3f, 0.01f));
        Assert.Equal(1f, stripes.Mix(0.25f, 0.3f, 0.01f));
        Assert.Equal(0.5f, stripes.Mix(0.125f, 0.3f, 0.01f), 4);  // on the edge between the two
    }

    [Fact]
    public void CoverageOfADiscMatchesItsArea()
    {
        // Class 0 (solid-disc, radius 0.92) at 20 px per unit: radius 18.4 px, area pi x 18.4^2 = 1063.6 px.
        var disc = new PlacedObject(0, 32f, 32f, 0f, 20f, 20f, new SolidPattern(), new Rgb(255, 0, 0), new Rgb(0, 0, 255));
        var coverage = Coverage.Of(disc, 64, 64);
        double sum = 0;
        int partial = 0;
        for (int y = coverage.Top; y < coverage.Top + coverage.Height; y++)
            for (int x = coverage.Left; x < coverage.Left + coverage.Width; x++)
            {
                sum += coverage[x, y];
                if (coverage[x, y] is > 0f and < 1f) partial++;
            }
        Assert.InRange(sum, 1063.6 * 0.995, 1063.6 * 1.005);
        Assert.InRange(coverage.MaskArea, 1063.6 * 0.98, 1063.6 * 1.02);
        // The outline (2 pi 18.4 = 116 px long) is anti-aliased: roughly one partial pixel per pixel of length.
        Assert.InRange(partial, 80, 200);
    }

    [Fact]
    public void EveryClassFitsTheUnitCircle()
    {
        // Sample the circle of radius 1.001 densely: no class may be inside there, or it would spill out of its box.
        foreach (var shapeClass in ShapeClass.All)
            for (int i = 0; i < 720; i++)
            {
                float angle = i * MathF.PI / 360;
                Assert.True(shapeClass.Outline.Distance(1.001f * MathF.Cos(angle), 1.001f * MathF.Sin(angle)) > 0f, $"{shapeClass.Name} reaches the unit circle.");
            }
    }

    [Fact]
    public void ClassAreasMatchTheirGeometry()
    {
        // Disc of radius 0.92: pi x 0.92^2 = 2.659; checker square of half side 0.68: 1.36^2 = 1.850;
        // striped ellipse with semi-axes 0.95 and 0.55: pi x 0.95 x 0.55 = 1.641.
        Assert.Equal(2.659, ShapeClass.All[0].Area, 2);
        Assert.Equal(1.850, ShapeClass.All[2].Area, 2);
        Assert.Equal(1.641, ShapeClass.All[7].Area, 2);
    }

    [Fact]
    public void ObjectsSizedByAreaCoverThatArea()
    {
        var random = new Random(1);
        foreach (int classIndex in Enumerable.Range(0, ShapeClass.All.Count))
        {
            // 1500 px outlines have perimeters of about 150-250 px; rounding at half coverage moves the pixel count by a few percent at most.
            var placed = PlacedObject.CreateWithArea(classIndex, 1500, random).MovedTo(100f, 100f);
            Assert.Equal((100f, 100f), (placed.CentreX, placed.CentreY));
            int area = Coverage.Of(placed, 200, 200).MaskArea;
            Assert.True(Math.Abs(area - 1500) < 45, $"{ShapeClass.All[classIndex].Name} covers {area} px instead of 1500.");
        }
    }

    [Fact]
    public void FrameViewFillsRectanglesByTheirShareOfEachPixel()
    {
        // A 4 x 2 canvas showing the frame from (10, 20) at 2 canvas pixels per frame pixel: frame x 10.25-11.25 is canvas x 0.5-2.5.
        var canvas = new Canvas(4, 2);
        new FrameView(canvas, 10f, 20f, 2f).FillRect(10.25f, 20f, 11.25f, 20.25f, new Rgb(200, 100, 0));
        // Rows: frame y 20-20.25 is canvas y 0-0.5, half of row 0. Columns 0 and 2 are half covered, column 1 fully.
        Assert.Equal(new[] { 50f, 100f, 50f, 0f, 0f, 0f, 0f, 0f }, canvas.Planes[..8]);
        Assert.Equal(new[] { 25f, 50f, 25f, 0f }, canvas.Planes[8..12]);
    }
}
