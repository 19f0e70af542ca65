namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// Colour draws for objects and backgrounds. Object colours never depend on the class (class-dependent colour
/// is a shortcut an encoder learns instead of shape), and are saturated, while backgrounds are close to grey,
/// so objects stand out from the clutter.
/// </summary>
internal static class Palette
{
    /// <summary>
    /// The two colours of an object: a saturated first colour of any hue, and a second colour that either
    /// shifts the hue by 40-120 degrees (a mix of the two stays saturated) or keeps the hue and changes brightness.
    /// </summary>
    public static (Rgb First, Rgb Second) ObjectColours(Random random)
    {
        double hue = random.NextDouble() * 360;
        double saturation = 0.55 + 0.45 * random.NextDouble();
        double value = 0.5 + 0.5 * random.NextDouble();
        var first = Rgb.FromHsv(hue, saturation, value);
        Rgb second;
        if (random.NextDouble() < 0.5)
        {
            double shift = (40 + 80 * random.NextDouble()) * (random.NextDouble() < 0.5 ? -1 : 1);
            second = Rgb.FromHsv(hue + shift, 0.55 + 0.45 * random.NextDouble(), 0.5 + 0.5 * random.NextDouble());
        }
        else
        {
            double otherValue = value > 0.75 ? value - 0.25 - 0.2 * random.NextDouble() : value + 0.2 + 0.05 * random.NextDouble();
            second = Rgb.FromHsv(hue, saturation, otherValue);
        }
        return (first, second);
    }

    /// <summary>A background colour: saturation at most 0.22, value 0.3-0.75.</summary>
    public static Rgb BackgroundColour(Random random) =>
        Rgb.FromHsv(random.NextDouble() * 360, 0.22 * random.NextDouble(), 0.3 + 0.45 * random.NextDouble());
}
