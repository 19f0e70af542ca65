namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// The lines every part of one street frame is laid out on, in frame pixels: the vanishing point the road's
/// markings and the paving joints run to, the base line where the facades meet the sidewalk, and the curb
/// where the sidewalk meets the road.
/// </summary>
internal sealed record StreetFrame(float Width, float Height, float VanishingX, float VanishingY, float BaseY, float CurbY)
{
    /// <summary>Draws the lines of a new frame: base at 47-55% of the height, curb 6-10% below it, vanishing point 2-8% above the base.</summary>
    public static StreetFrame Draw(float width, float height, Random random)
    {
        float baseY = height * random.Between(0.47, 0.55);
        float curbY = baseY + height * random.Between(0.06, 0.10);
        return new StreetFrame(width, height, width * random.Between(0.3, 0.7), baseY - height * random.Between(0.02, 0.08), baseY, curbY);
    }

    /// <summary>
    /// The x at height <paramref name="y"/> of the line from the vanishing point through (<paramref name="bottomX"/>, Height).
    /// </summary>
    public float LineX(float bottomX, float y) => VanishingX + (bottomX - VanishingX) * Depth(y);

    /// <summary>How far down the line from the vanishing point (0) to the frame's bottom row (1) height <paramref name="y"/> lies.</summary>
    public float Depth(float y) => (y - VanishingY) / (Height - VanishingY);
}

/// <summary>
/// Paints a street frame in the manner of a Cityscapes street view: a sky gradient band, building facades of varying
/// colours with window grids, a sidewalk with paving joints, a road with perspective bands and lane markings, a few
/// poles and trees, and a light sprinkle of the shape scenes' low-contrast strokes and blobs. Every proportion is drawn
/// from the image's random stream, so each frame differs; everything is laid out relative to the frame's size.
/// </summary>
internal static class StreetBackground
{
    /// <summary>Strokes and blobs per square clutter unit relative to the shape scenes (the structure already gives texture).</summary>
    private const double ClutterDensity = 0.5;

    /// <summary>
    /// Paints a <paramref name="width"/> x <paramref name="height"/> frame through <paramref name="view"/>, which may
    /// show all of it or a crop; <paramref name="unit"/> is the clutter length unit in frame pixels.
    /// </summary>
    public static void Paint(FrameView view, float width, float height, float unit, Random random)
    {
        var frame = StreetFrame.Draw(width, height, random);
        PaintSky(view, frame, random);
        StreetFacades.Paint(view, frame, random);
        StreetRoad.Paint(view, frame, random);
        StreetFurniture.Paint(view, frame, random);
        Background.PaintClutter(view.Canvas, unit * view.Scale, random, ClutterDensity);
    }

    /// <summary>A vertical gradient over the whole canvas, from a bluish or overcast top to a paler colour at the vanishing height.</summary>
    private static void PaintSky(FrameView view, StreetFrame frame, Random random)
    {
        double hue = random.Between(195, 225), saturation = random.NextDouble() < 0.3 ? 0.03 : random.Between(0.15, 0.45);
        var top = Rgb.FromHsv(hue, saturation, random.Between(0.6, 0.9));
        var horizon = Rgb.FromHsv(hue, saturation * 0.4, random.Between(0.8, 0.97));
        var canvas = view.Canvas;
        for (int y = 0; y < canvas.Height; y++)
        {
            var colour = top.Lerp(horizon, Math.Clamp(view.FrameY(y) / frame.VanishingY, 0f, 1f));
            for (int x = 0; x < canvas.Width; x++) canvas.Set(x, y, colour);
        }
    }
}
