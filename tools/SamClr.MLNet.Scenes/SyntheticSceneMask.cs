namespace SamClr.MLNet.Scenes;

/// <summary>
/// A read-only binary mask over a whole scene canvas, stored as bits. Index i is pixel (i % Width, i / Width),
/// row-major, so <c>mask[y * mask.Width + x]</c> reads like a <c>bool[]</c>.
/// </summary>
public sealed class SceneMask
{
    private readonly ulong[] _bits;

    internal SceneMask(int width, int height, ulong[] bits)
    {
        if (bits.Length != (width * height + 63) / 64)
            throw new ArgumentException($"{bits.Length} words cannot hold a {width}x{height} mask.", nameof(bits));
        Width = width;
        Height = height;
        _bits = bits;
    }

    /// <summary>Canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>Canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels, Width x Height.</summary>
    public int Length => Width * Height;

    /// <summary>Whether pixel <paramref name="index"/> (row-major) belongs to the mask.</summary>
    public bool this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Length) throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the {Length}-pixel mask.");
            return (_bits[index >> 6] >> (index & 63) & 1UL) != 0;
        }
    }

    /// <summary>Whether pixel (<paramref name="x"/>, <paramref name="y"/>) belongs to the mask.</summary>
    public bool this[int x, int y]
    {
        get
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside the {Width}x{Height} mask.");
            return this[y * Width + x];
        }
    }

    /// <summary>A new row-major array of Width x Height flags.</summary>
    public bool[] ToArray()
    {
        var flags = new bool[Length];
        for (int i = 0; i < flags.Length; i++) flags[i] = (_bits[i >> 6] >> (i & 63) & 1UL) != 0;
        return flags;
    }
}
