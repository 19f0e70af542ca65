namespace SamClr.MLNet.Scenes.Shapes;

/// <summary>
/// A planar RGB image of floats on the 0-255 scale, the working surface while one image is composed.
/// One canvas is reused for many images by one worker; it is not shared between threads.
/// </summary>
internal sealed class Canvas
{
    /// <summary>Creates a black square canvas of <paramref name="size"/> x <paramref name="size"/> pixels.</summary>
    public Canvas(int size) : this(size, size)
    {
    }

    /// <summary>Creates a black canvas of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public Canvas(int width, int height)
    {
        Width = width;
        Height = height;
        Planes = new float[3 * width * height];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Red, green and blue planes one after the other, each row-major.</summary>
    public float[] Planes { get; }

    /// <summary>Sets pixel (x, y) to <paramref name="colour"/>, whatever was there.</summary>
    public void Set(int x, int y, Rgb colour)
    {
        int plane = Width * Height, i = y * Width + x;
        Planes[i] = colour.R;
        Planes[plane + i] = colour.G;
        Planes[2 * plane + i] = colour.B;
    }

    /// <summary>Blends <paramref name="colour"/> over pixel (x, y) with the given weight.</summary>
    public void Blend(int x, int y, Rgb colour, float weight)
    {
        int plane = Width * Height, i = y * Width + x;
        Planes[i] += (colour.R - Planes[i]) * weight;
        Planes[plane + i] += (colour.G - Planes[plane + i]) * weight;
        Planes[2 * plane + i] += (colour.B - Planes[2 * plane + i]) * weight;
    }

    /// <summary>Adds <paramref name="delta"/> times <paramref name="weight"/> to pixel (x, y), a change relative to what is there.</summary>
    public void Add(int x, int y, Rgb delta, float weight)
    {
        int plane = Width * Height, i = y * Width + x;
        Planes[i] += delta.R * weight;
        Planes[plane + i] += delta.G * weight;
        Planes[2 * plane + i] += delta.B * weight;
    }

    /// <summary>
    /// Adds uniform noise of at most <paramref name="amplitude"/> to every value, rounds, clamps to 0-255 and
    /// writes the planar bytes into <paramref name="destination"/> (3 x Height x Width bytes).
    /// </summary>
    public void WriteBytes(Span<byte> destination, Random noise, float amplitude)
    {
        if (destination.Length != Planes.Length)
            throw new ArgumentException($"Destination holds {destination.Length} bytes, the canvas {Planes.Length}.", nameof(destination));
        for (int i = 0; i < Planes.Length; i++)
        {
            float value = Planes[i] + amplitude * (2f * (float)noise.NextDouble() - 1f);
            destination[i] = (byte)Math.Clamp(MathF.Round(value), 0f, 255f);
        }
    }
}
