using System.Numerics;
using System.Runtime.CompilerServices;

namespace SamClr.MLNet.Views;

/// <summary>
/// The vertical pass of the separable filters of the CPU views: an output row as a weighted sum of source rows, for the
/// antialiased resize of <see cref="CropResizer"/>, the bilinear row blend of <see cref="PlaneCrop"/> and the column pass
/// of <see cref="PlaneBlur"/>.
/// </summary>
internal static class WeightedRows
{
    /// <summary>
    /// result[j] = sum over t of weights[t] x rows[indices[t] x stride + j], summed from zero tap after tap for every
    /// element (so the result does not depend on the vector width), a vector of elements at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Sum(ReadOnlySpan<float> rows, int stride, ReadOnlySpan<int> indices, ReadOnlySpan<float> weights, Span<float> result)
    {
        int width = result.Length, step = Vector<float>.Count, j = 0;
        for (; j <= width - step; j += step)
        {
            var sum = Vector<float>.Zero;
            for (int t = 0; t < weights.Length; t++)
                sum += new Vector<float>(rows.Slice(indices[t] * stride + j)) * new Vector<float>(weights[t]);
            sum.CopyTo(result.Slice(j));
        }
        for (; j < width; j++)
        {
            float sum = 0;
            for (int t = 0; t < weights.Length; t++) sum += rows[indices[t] * stride + j] * weights[t];
            result[j] = sum;
        }
    }
}
