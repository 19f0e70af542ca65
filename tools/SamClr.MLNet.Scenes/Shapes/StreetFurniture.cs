namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// Clutter standing on the sidewalk in front of the facades: one to four dark poles (street lights with an arm) and
/// up to three trees (a trunk under a canopy of muted green discs with darker leaf clumps).
/// </summary>
internal static class StreetFurniture
{
    public static void Paint(FrameView view, StreetFrame frame, Random random)
    {
        int poles = 1 + random.Next(4), trees = random.Next(4);
        for (int i = 0; i < trees; i++) PaintTree(view, frame, random);
        for (int i = 0; i < poles; i++) PaintPole(view, frame, random);
    }

    /// <summary>A pole 25-45% of the height tall and 0.4-0.8% of the width wide, with an arm to one side at its top.</summary>
    private static void PaintPole(FrameView view, StreetFrame frame, Random random)
    {
        float x = frame.Width * (float)random.NextDouble(), foot = random.Between(frame.BaseY + frame.Height * 0.01, frame.CurbY);
        float top = foot - frame.Height * random.Between(0.25, 0.45), halfWidth = frame.Width * random.Between(0.002, 0.004);
        var metal = Rgb.FromHsv(random.NextDouble() * 360, random.Between(0, 0.1), random.Between(0.12, 0.35));
        view.FillRect(x - halfWidth, top, x + halfWidth, foot, metal);
        float arm = frame.Width * random.Between(0.02, 0.05) * (random.NextDouble() < 0.5 ? -1 : 1);
        view.FillRect(MathF.Min(x, x + arm), top, MathF.Max(x, x + arm), top + 1.5f * halfWidth, metal);
    }

    /// <summary>A trunk 12-20% of the height tall under three to five overlapping discs of 3-6% of the width.</summary>
    private static void PaintTree(FrameView view, StreetFrame frame, Random random)
    {
        float x = frame.Width * (float)random.NextDouble(), foot = random.Between(frame.BaseY + frame.Height * 0.01, frame.CurbY);
        float top = foot - frame.Height * random.Between(0.12, 0.2), halfWidth = frame.Width * random.Between(0.003, 0.005);
        view.FillRect(x - halfWidth, top, x + halfWidth, foot, Rgb.FromHsv(random.Between(20, 40), random.Between(0.2, 0.4), random.Between(0.2, 0.35)));
        var leaves = Rgb.FromHsv(random.Between(80, 140), random.Between(0.25, 0.5), random.Between(0.25, 0.5));
        int discs = 3 + random.Next(3);
        for (int i = 0; i < discs; i++)
        {
            float radius = frame.Width * random.Between(0.03, 0.06);
            float cx = x + radius * random.Between(-0.8, 0.8), cy = top - radius * random.Between(0.2, 1.0);
            view.FillDisc(cx, cy, radius, leaves);
            view.FillDisc(cx + radius * random.Between(-0.5, 0.5), cy + radius * random.Between(-0.5, 0.5), radius * random.Between(0.2, 0.4),
                leaves.Lerp(new Rgb(0, 0, 0), 0.3f), 0.8f);
        }
    }
}
