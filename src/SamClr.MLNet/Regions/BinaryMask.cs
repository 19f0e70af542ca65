using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>
/// A decoded binary mask of <see cref="Width"/> x <see cref="Height"/> pixels, stored row-major (one bool per pixel,
/// index <c>y * Width + x</c>), the layout of <see cref="Data.ImageSet"/> planes. Masks are kept as
/// <see cref="CocoRle"/> everywhere else; this type is the working form for building and inspecting one.
/// </summary>
public sealed class BinaryMask
{
    private readonly bool[] _bits;

    /// <summary>Creates an all-false mask.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is below 1 or the pixel count exceeds <see cref="int.MaxValue"/>.</exception>
    public BinaryMask(int width, int height)
    {
        CheckSize(width, height);
        Width = width;
        Height = height;
        _bits = new bool[width * height];
    }

    /// <summary>Creates a mask from row-major pixels (<c>rowMajor[y * width + x]</c>); the array is copied.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="rowMajor">Exactly <c>width * height</c> values.</param>
    /// <exception cref="ArgumentException"><paramref name="rowMajor"/> has the wrong length.</exception>
    public BinaryMask(int width, int height, bool[] rowMajor)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        CheckSize(width, height);
        if (rowMajor.Length != width * height)
            throw new ArgumentException(
                $"A {width} x {height} mask needs {width * height} row-major values, but {rowMajor.Length} were given.",
                nameof(rowMajor));
        Width = width;
        Height = height;
        _bits = (bool[])rowMajor.Clone();
    }

    private BinaryMask(bool[] rowMajor, int width, int height)
    {
        Width = width;
        Height = height;
        _bits = rowMajor;
    }

    /// <summary>A mask that takes ownership of <paramref name="rowMajor"/> (no copy); for the decoder.</summary>
    internal static BinaryMask Wrap(int width, int height, bool[] rowMajor) => new(rowMajor, width, height);

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixel at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The pixel lies outside the mask.</exception>
    public bool this[int x, int y]
    {
        get => _bits[Index(x, y)];
        set => _bits[Index(x, y)] = value;
    }

    /// <summary>The number of true pixels.</summary>
    public int Area
    {
        get
        {
            int count = 0;
            foreach (bool bit in _bits)
                if (bit)
                    count++;
            return count;
        }
    }

    /// <summary>
    /// The tightest box around the true pixels, in canvas pixels with exclusive ends (a single pixel (x, y) gives
    /// (x, y, x + 1, y + 1)); null when the mask is empty.
    /// </summary>
    public CropBox? BoundingBox
    {
        get
        {
            int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
            for (int y = 0; y < Height; y++)
            {
                int row = y * Width;
                for (int x = 0; x < Width; x++)
                {
                    if (!_bits[row + x])
                        continue;
                    x0 = Math.Min(x0, x);
                    x1 = Math.Max(x1, x);
                    y0 = Math.Min(y0, y);
                    y1 = y;
                }
            }
            return x1 < 0 ? null : new CropBox(x0, y0, x1 + 1, y1 + 1);
        }
    }

    /// <summary>A copy of the pixels in row-major order (<c>[y * Width + x]</c>).</summary>
    public bool[] ToRowMajor() => (bool[])_bits.Clone();

    /// <summary>The pixels in row-major order, without a copy, for the encoder.</summary>
    internal ReadOnlySpan<bool> RowMajor => _bits;

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(
                $"({x}, {y})", $"Pixel ({x}, {y}) lies outside the {Width} x {Height} mask.");
        return y * Width + x;
    }

    private static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if ((long)width * height > int.MaxValue)
            throw new ArgumentOutOfRangeException(
                nameof(width), $"A {width} x {height} mask has more than {int.MaxValue} pixels.");
    }
}
