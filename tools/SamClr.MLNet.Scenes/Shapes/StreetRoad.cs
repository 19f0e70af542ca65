namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// The ground of a street frame: a pale sidewalk between the base line and the curb with paving joints running to
/// the vanishing point, a light curb stone, and a dark road below with bands that grow taller towards the bottom
/// (receding asphalt patches) and solid or dashed lane markings that widen and lengthen towards the viewer.
/// </summary>
internal static class StreetRoad
{
    public static void Paint(FrameView view, StreetFrame frame, Random random)
    {
        PaintSidewalk(view, frame, random);
        var asphalt = Rgb.FromHsv(random.NextDouble() * 360, random.Between(0, 0.08), random.Between(0.2, 0.38));
        view.FillRect(0, frame.CurbY, frame.Width, frame.Height, asphalt);
        PaintBands(view, frame, random);
        PaintMarkings(view, frame, random);
    }

    private static void PaintSidewalk(FrameView view, StreetFrame frame, Random random)
    {
        var paving = Rgb.FromHsv(random.NextDouble() * 360, random.Between(0, 0.1), random.Between(0.5, 0.75));
        view.FillRect(0, frame.BaseY, frame.Width, frame.CurbY, paving);
        var joint = paving.Lerp(new Rgb(0, 0, 0), random.Between(0.15, 0.3));
        float spacing = frame.Width * random.Between(0.03, 0.07), halfWidth = frame.Width * 0.004f;
        float offset = spacing * (float)random.NextDouble();
        // Joints run to the vanishing point and lie 'spacing' apart along the curb.
        float curbDepth = frame.Depth(frame.CurbY);
        for (float curbX = offset - spacing; curbX < frame.Width + spacing; curbX += spacing)
            Line(view, frame, frame.VanishingX + (curbX - frame.VanishingX) / curbDepth, frame.BaseY, frame.CurbY, halfWidth, joint, 1f);
        float curbHeight = frame.Height * random.Between(0.006, 0.012);
        view.FillRect(0, frame.CurbY - curbHeight, frame.Width, frame.CurbY, paving.Lerp(new Rgb(235, 235, 235), 0.5f));
    }

    /// <summary>Horizontal bands between depths growing by 1.25-1.45x each, alternately lighter and darker by 3-8 levels.</summary>
    private static void PaintBands(FrameView view, StreetFrame frame, Random random)
    {
        float growth = random.Between(1.25, 1.45), shade = random.Between(3, 8);
        float top = frame.CurbY;
        for (int band = 0; top < frame.Height; band++)
        {
            float bottom = frame.VanishingY + (top - frame.VanishingY) * growth;
            float level = (band % 2 == 0 ? 1 : -1) * shade;
            view.ShadeRect(0, top, frame.Width, MathF.Min(bottom, frame.Height), new Rgb(level, level, level));
            top = bottom;
        }
    }

    /// <summary>
    /// Two to four lines to the vanishing point, 30-60% of the width apart at the bottom row: the outer ones solid,
    /// the inner ones dashed with dashes evenly spaced in inverse depth (so they lengthen towards the viewer).
    /// </summary>
    private static void PaintMarkings(FrameView view, StreetFrame frame, Random random)
    {
        var paint = random.NextDouble() < 0.8
            ? Rgb.FromHsv(0, 0, random.Between(0.8, 0.95))
            : Rgb.FromHsv(random.Between(45, 55), random.Between(0.2, 0.35), random.Between(0.75, 0.9));
        int lines = 2 + random.Next(3);
        float spacing = frame.Width * random.Between(0.3, 0.6), halfWidth = frame.Width * random.Between(0.004, 0.008);
        float first = frame.VanishingX - spacing * (lines - 1) / 2 + frame.Width * random.Between(-0.1, 0.1);
        float dashesPerDepth = random.Between(2.5, 4.5), duty = random.Between(0.35, 0.55), phase = (float)random.NextDouble();
        for (int i = 0; i < lines; i++)
        {
            float bottomX = first + i * spacing;
            if (i == 0 || i == lines - 1)
            {
                Line(view, frame, bottomX, frame.CurbY, frame.Height, halfWidth, paint, 0.9f);
                continue;
            }
            // Inverse depth runs from 1 at the bottom row to 1 / Depth(CurbY) at the road's top; dash n covers
            // inverse depths (n + phase) / dashesPerDepth to (n + phase + duty) / dashesPerDepth.
            float farthest = 1f / frame.Depth(frame.CurbY);
            for (int n = (int)MathF.Floor(dashesPerDepth) - 1; (n + phase) / dashesPerDepth < farthest; n++)
            {
                float nearInverse = MathF.Max(1f, (n + phase) / dashesPerDepth), farInverse = MathF.Min(farthest, (n + phase + duty) / dashesPerDepth);
                if (farInverse <= nearInverse) continue;
                float nearY = frame.VanishingY + (frame.Height - frame.VanishingY) / nearInverse;
                float farY = frame.VanishingY + (frame.Height - frame.VanishingY) / farInverse;
                Line(view, frame, bottomX, farY, nearY, halfWidth, paint, 0.9f);
            }
        }
    }

    /// <summary>
    /// The piece between heights <paramref name="fromY"/> and <paramref name="toY"/> of the line from the vanishing point
    /// to (<paramref name="bottomX"/>, Height), <paramref name="halfWidth"/> wide at the bottom row and narrowing with depth.
    /// </summary>
    private static void Line(FrameView view, StreetFrame frame, float bottomX, float fromY, float toY, float halfWidth, Rgb colour, float opacity)
    {
        float x0 = frame.LineX(bottomX, fromY), w0 = halfWidth * frame.Depth(fromY);
        float x1 = frame.LineX(bottomX, toY), w1 = halfWidth * frame.Depth(toY);
        view.FillPolygon(colour, opacity, (x0 - w0, fromY), (x0 + w0, fromY), (x1 + w1, toY), (x1 - w1, toY));
    }
}
