namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// Building facades side by side across the frame, from a roof line at 4-32% of the height down to the base line:
/// each with its own muted colour, a darker ground floor, a lighter cornice, a shaded edge and a grid of windows
/// (mostly dark glass, some lit or reflecting).
/// </summary>
internal static class StreetFacades
{
    public static void Paint(FrameView view, StreetFrame frame, Random random)
    {
        float x = -frame.Width * random.Between(0, 0.1);
        while (x < frame.Width)
        {
            float right = x + frame.Width * random.Between(0.08, 0.25);
            PaintBuilding(view, frame, x, right, frame.Height * random.Between(0.04, 0.32), random);
            x = right;
        }
    }

    private static void PaintBuilding(FrameView view, StreetFrame frame, float left, float right, float top, Random random)
    {
        var wall = Rgb.FromHsv(random.NextDouble() * 360, random.Between(0.05, 0.3), random.Between(0.35, 0.8));
        view.FillRect(left, top, right, frame.BaseY, wall);
        float groundFloor = frame.BaseY - frame.Height * random.Between(0.05, 0.08);
        view.ShadeRect(left, groundFloor, right, frame.BaseY, Grey(-random.Between(15, 40)));
        view.ShadeRect(left, top, right, top + frame.Height * random.Between(0.006, 0.015), Grey(random.Between(15, 35)));
        float edge = (right - left) * random.Between(0.03, 0.08);
        if (random.NextDouble() < 0.5) view.ShadeRect(left, top, left + edge, frame.BaseY, Grey(-20));
        else view.ShadeRect(right - edge, top, right, frame.BaseY, Grey(-20));
        PaintWindows(view, frame, left, right, top + frame.Height * 0.02f, groundFloor, random);
    }

    /// <summary>A grid of windows in cells 2.5-4.5% of the width across and 4.5-7% of the height tall, each window 45-70% of its cell.</summary>
    private static void PaintWindows(FrameView view, StreetFrame frame, float left, float right, float top, float bottom, Random random)
    {
        int columns = Math.Max(1, (int)MathF.Round((right - left) / (frame.Width * random.Between(0.025, 0.045))));
        int rows = (int)((bottom - top) / (frame.Height * random.Between(0.045, 0.07)));
        if (rows < 1) return;
        float cellWidth = (right - left) / columns, cellHeight = (bottom - top) / rows;
        float fillX = random.Between(0.45, 0.7), fillY = random.Between(0.45, 0.7);
        var glass = Rgb.FromHsv(random.Between(190, 230), random.Between(0.1, 0.3), random.Between(0.15, 0.35));
        double lit = random.Between(0.05, 0.3);
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++)
            {
                float cx = left + (column + 0.5f) * cellWidth, cy = top + (row + 0.5f) * cellHeight;
                var colour = random.NextDouble() < lit ? Rgb.FromHsv(random.Between(30, 60), random.Between(0.05, 0.3), random.Between(0.6, 0.85)) : glass;
                view.FillRect(cx - fillX * cellWidth / 2, cy - fillY * cellHeight / 2, cx + fillX * cellWidth / 2, cy + fillY * cellHeight / 2, colour);
            }
    }

    private static Rgb Grey(float level) => new(level, level, level);
}
