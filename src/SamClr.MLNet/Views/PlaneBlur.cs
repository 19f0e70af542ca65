using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SamClr.MLNet.Views;

/// <summary>
/// The Gaussian blur of <see cref="GaussianBlur"/> on one sample's planes in place: the same normalised kernel, shrunk
/// the same way on small images, applied along rows and then along columns (<see cref="WeightedRows"/>) with reflect padding, vectorised across
/// each row with <see cref="Vector{T}"/>.
/// </summary>
internal static class PlaneBlur
{
    /// <summary>The kernel for <paramref name="sigma"/> and <paramref name="radius"/>, computed in float as <see cref="GaussianBlur.Kernels(TorchSharp.torch.Tensor, int)"/> does.</summary>
    internal static float[] Kernel(float sigma, int radius)
    {
        var weights = new float[2 * radius + 1];
        float denominator = sigma * sigma * -2f;
        float total = 0;
        for (int t = 0; t < weights.Length; t++)
        {
            float d = t - radius;
            weights[t] = MathF.Exp(d * d / denominator);
            total += weights[t];
        }
        for (int t = 0; t < weights.Length; t++) weights[t] /= total;
        return weights;
    }

    /// <summary>Blurs each of the <paramref name="planes"/> planes of <paramref name="height"/> x <paramref name="width"/> values with <paramref name="sigma"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Apply(Span<float> values, int planes, int height, int width, float sigma, int kernelSize)
    {
        int radius = Math.Min(kernelSize / 2, Math.Min(height, width) - 1);
        if (radius <= 0) return;
        var kernel = Kernel(sigma, radius);
        int plane = height * width;
        var scratch = ArrayPool<float>.Shared.Rent(Math.Max(plane, width + 2 * radius));
        try
        {
            for (int c = 0; c < planes; c++)
            {
                var p = values.Slice(c * plane, plane);
                for (int y = 0; y < height; y++) Rows(p.Slice(y * width, width), kernel, radius, scratch);
                Columns(p, height, width, kernel, radius, scratch);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    /// <summary>Blurs one row in place, reading it from a reflect-padded copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(Span<float> row, float[] kernel, int radius, float[] scratch)
    {
        int width = row.Length;
        var padded = scratch.AsSpan(0, width + 2 * radius);
        row.CopyTo(padded.Slice(radius));
        for (int k = 1; k <= radius; k++)
        {
            padded[radius - k] = row[k];
            padded[radius + width - 1 + k] = row[width - 1 - k];
        }
        int step = Vector<float>.Count, j = 0;
        for (; j <= width - step; j += step)
        {
            var sum = Vector<float>.Zero;
            for (int t = 0; t < kernel.Length; t++) sum += new Vector<float>(padded.Slice(j + t)) * new Vector<float>(kernel[t]);
            sum.CopyTo(row.Slice(j));
        }
        for (; j < width; j++)
        {
            float sum = 0;
            for (int t = 0; t < kernel.Length; t++) sum += padded[j + t] * kernel[t];
            row[j] = sum;
        }
    }

    /// <summary>Blurs every column of the plane in place, reading from a copy of the plane (rows mirrored at the edges).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Columns(Span<float> plane, int height, int width, float[] kernel, int radius, float[] scratch)
    {
        var source = scratch.AsSpan(0, height * width);
        plane.CopyTo(source);
        Span<int> rows = stackalloc int[kernel.Length];
        for (int y = 0; y < height; y++)
        {
            for (int t = 0; t < kernel.Length; t++) rows[t] = Reflect(y - radius + t, height);
            WeightedRows.Sum(source, width, rows, kernel, plane.Slice(y * width, width));
        }
    }

    /// <summary>Index <paramref name="i"/> mirrored into [0, length) without repeating the edge (reflect padding).</summary>
    private static int Reflect(int i, int length) => i < 0 ? -i : i >= length ? 2 * (length - 1) - i : i;
}
