namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>A colour with channels on the 0-255 scale, kept as floats while images are composed.</summary>
internal readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>Linear blend: <paramref name="weight"/> 0 gives this colour, 1 gives <paramref name="other"/>.</summary>
    public Rgb Lerp(Rgb other, float weight) =>
        new(R + (other.R - R) * weight, G + (other.G - G) * weight, B + (other.B - B) * weight);

    /// <summary>Converts hue (degrees), saturation and value (both 0-1) to a colour.</summary>
    public static Rgb FromHsv(double hue, double saturation, double value)
    {
        double h = (hue % 360 + 360) % 360 / 60.0;
        double chroma = value * saturation;
        double x = chroma * (1 - Math.Abs(h % 2 - 1));
        double m = value - chroma;
        var (r, g, b) = (int)h switch
        {
            0 => (chroma, x, 0.0),
            1 => (x, chroma, 0.0),
            2 => (0.0, chroma, x),
            3 => (0.0, x, chroma),
            4 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        return new Rgb((float)((r + m) * 255), (float)((g + m) * 255), (float)((b + m) * 255));
    }
}
