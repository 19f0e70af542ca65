using System.Buffers;
using System.Runtime.CompilerServices;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Views;

/// <summary>
/// The crop of <see cref="AffineCrop"/> for one sample on the CPU: the bilinear sampling that affine_grid / grid_sample
/// do (align_corners = false, border padding, coordinates computed in float the same way), split into its two 1-D
/// passes because an axis-aligned crop's weights are a product of a row weight and a column weight: each output row
/// first blends its two source rows (<see cref="WeightedRows"/>), then each output pixel blends two columns of that.
/// </summary>
internal static class PlaneCrop
{
    /// <summary>
    /// Samples <paramref name="crop"/> of the planar image <paramref name="source"/> (<paramref name="channels"/> planes
    /// of <paramref name="height"/> x <paramref name="width"/>) into <paramref name="destination"/> (channels planes of
    /// size x size), mirrored left to right when <paramref name="flip"/> is set.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Resample(ReadOnlySpan<float> source, int channels, int height, int width, CropBox crop, bool flip, int size, Span<float> destination)
    {
        Span<int> columns = size <= 1024 ? stackalloc int[size] : new int[size];
        Span<float> columnWeights = size <= 1024 ? stackalloc float[size] : new float[size];
        float scaleX = (float)((double)(crop.X1 - crop.X0) / width), shiftX = (float)(((double)crop.X0 + crop.X1) / width - 1);
        float scaleY = (float)((double)(crop.Y1 - crop.Y0) / height), shiftY = (float)(((double)crop.Y0 + crop.Y1) / height - 1);
        for (int j = 0; j < size; j++)
            (columns[j], columnWeights[j]) = Tap(flip ? -scaleX : scaleX, shiftX, j, size, width);
        int first = int.MaxValue, last = 0;
        for (int j = 0; j < size; j++)
        {
            first = Math.Min(first, columns[j]);
            last = Math.Max(last, Math.Min(columns[j] + 1, width - 1));
        }
        int span = last - first + 1, plane = height * width, outputPlane = size * size;
        var row = ArrayPool<float>.Shared.Rent(span);
        Span<int> rows = stackalloc int[2];
        Span<float> weights = stackalloc float[2];
        try
        {
            for (int i = 0; i < size; i++)
            {
                var (top, fraction) = Tap(scaleY, shiftY, i, size, height);
                (rows[0], rows[1]) = (top, Math.Min(top + 1, height - 1));
                (weights[0], weights[1]) = (1 - fraction, fraction);
                for (int c = 0; c < channels; c++)
                {
                    // A row that falls on a source row is copied; otherwise the two rows around it are blended.
                    if (fraction == 0) source.Slice(c * plane + top * width + first, span).CopyTo(row);
                    else WeightedRows.Sum(source.Slice(c * plane + first), width, rows, weights, row.AsSpan(0, span));
                    var output = destination.Slice(c * outputPlane + i * size, size);
                    for (int j = 0; j < size; j++)
                    {
                        int x = columns[j] - first;
                        float w = columnWeights[j], left = row[x];
                        output[j] = w == 0 ? left : left * (1 - w) + row[x + 1] * w;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(row);
        }
    }

    /// <summary>
    /// The first source index and the weight of the next one for output sample <paramref name="j"/>: the normalised
    /// coordinate scale u' + shift, u' = (2 j + 1) / size - 1, in pixels ((u + 1) length - 1) / 2, clamped to
    /// [0, length - 1] (border padding).
    /// </summary>
    private static (int Index, float Weight) Tap(float scale, float shift, int j, int size, int length)
    {
        float u = scale * ((2f * j + 1f) / size - 1f) + shift;
        float x = Math.Clamp(((u + 1f) * length - 1f) / 2f, 0f, length - 1);
        int index = (int)MathF.Floor(x);
        return (index, x - index);
    }
}
