using System.Numerics;
using System.Runtime.CompilerServices;

namespace SamClr.MLNet.Views;

/// <summary>
/// The colour operations of <see cref="ColorOps"/> on one sample's planar RGB floats (R plane, G plane, B plane, each
/// of <c>plane</c> values) in place, vectorised with <see cref="Vector{T}"/>. Each follows the arithmetic of its
/// <see cref="ColorOps"/> counterpart step by step, so the two agree to float rounding (the contrast mean is summed in
/// double here).
/// </summary>
internal static class PlaneColorOps
{
    private static readonly int Width = Vector<float>.Count;

    /// <summary>v = clamp(f v) on every value (<see cref="ColorOps.AdjustBrightness(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>).</summary>
    internal static void Brightness(Span<float> rgb, float factor) => Blend(rgb, factor, 0f);

    /// <summary>v = clamp(f v + (1 - f) m), m the sample's mean luma (<see cref="ColorOps.AdjustContrast(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Contrast(Span<float> rgb, int plane, float factor)
    {
        Span<float> r = rgb.Slice(0, plane), g = rgb.Slice(plane, plane), b = rgb.Slice(2 * plane, plane);
        double sum = 0;
        for (int i = 0; i < plane; i++) sum += Luma(r[i], g[i], b[i]);
        float mean = (float)(sum / plane);
        Blend(rgb, factor, (1f - factor) * mean);
    }

    /// <summary>v = clamp(f v + (1 - f) luma) per pixel (<see cref="ColorOps.AdjustSaturation(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Saturation(Span<float> rgb, int plane, float factor)
    {
        Span<float> r = rgb.Slice(0, plane), g = rgb.Slice(plane, plane), b = rgb.Slice(2 * plane, plane);
        float rest = 1f - factor;
        var f = new Vector<float>(factor);
        var fr = new Vector<float>(rest);
        int i = 0;
        for (; i <= plane - Width; i += Width)
        {
            var vr = new Vector<float>(r.Slice(i));
            var vg = new Vector<float>(g.Slice(i));
            var vb = new Vector<float>(b.Slice(i));
            var luma = Luma(vr, vg, vb) * fr;
            Clamp(vr * f + luma).CopyTo(r.Slice(i));
            Clamp(vg * f + luma).CopyTo(g.Slice(i));
            Clamp(vb * f + luma).CopyTo(b.Slice(i));
        }
        for (; i < plane; i++)
        {
            float luma = Luma(r[i], g[i], b[i]) * rest;
            r[i] = Math.Clamp(r[i] * factor + luma, 0f, 1f);
            g[i] = Math.Clamp(g[i] * factor + luma, 0f, 1f);
            b[i] = Math.Clamp(b[i] * factor + luma, 0f, 1f);
        }
    }

    /// <summary>
    /// Rotates the HSV hue by <paramref name="turns"/> (<see cref="ColorOps.ShiftHue(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>,
    /// whose remarks give the formula): the hue in sixths, plus 6 turns, then channel n (5, 3, 1 for R, G, B) is
    /// min + C clamp(|((n + sixths) mod 6) - 2| - 1, 0, 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Hue(Span<float> rgb, int plane, float turns)
    {
        Span<float> r = rgb.Slice(0, plane), g = rgb.Slice(plane, plane), b = rgb.Slice(2 * plane, plane);
        float shift = turns * 6f;
        int i = 0;
        for (; i <= plane - Width; i += Width)
        {
            var vr = new Vector<float>(r.Slice(i));
            var vg = new Vector<float>(g.Slice(i));
            var vb = new Vector<float>(b.Slice(i));
            var max = Vector.Max(Vector.Max(vr, vg), vb);
            var min = Vector.Min(Vector.Min(vr, vg), vb);
            var chroma = max - min;
            // The first maximal channel, as torch.max reports it: R, else G, else B.
            var isRed = Vector.Equals(vr, max);
            var isGreen = Vector.AndNot(Vector.Equals(vg, max), isRed);
            var difference = Vector.ConditionalSelect(isRed, vg - vb, Vector.ConditionalSelect(isGreen, vb - vr, vr - vg));
            var offset = Vector.ConditionalSelect(isRed, Vector<float>.Zero, Vector.ConditionalSelect(isGreen, new Vector<float>(2f), new Vector<float>(4f)));
            var sixths = difference / Vector.Max(chroma, new Vector<float>(1e-30f)) + offset + new Vector<float>(shift);
            HueChannel(sixths, 5f, chroma, min).CopyTo(r.Slice(i));
            HueChannel(sixths, 3f, chroma, min).CopyTo(g.Slice(i));
            HueChannel(sixths, 1f, chroma, min).CopyTo(b.Slice(i));
        }
        for (; i < plane; i++)
        {
            float red = r[i], green = g[i], blue = b[i];
            float max = MathF.Max(MathF.Max(red, green), blue), min = MathF.Min(MathF.Min(red, green), blue), chroma = max - min;
            float difference, offset;
            if (red == max) (difference, offset) = (green - blue, 0f);
            else if (green == max) (difference, offset) = (blue - red, 2f);
            else (difference, offset) = (red - green, 4f);
            float sixths = difference / MathF.Max(chroma, 1e-30f) + offset + shift;
            r[i] = HueChannel(sixths, 5f, chroma, min);
            g[i] = HueChannel(sixths, 3f, chroma, min);
            b[i] = HueChannel(sixths, 1f, chroma, min);
        }
    }

    /// <summary>Every channel becomes the pixel's luma (<see cref="ColorOps.ToGrayscale(TorchSharp.torch.Tensor, TorchSharp.torch.Tensor)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Grayscale(Span<float> rgb, int plane)
    {
        Span<float> r = rgb.Slice(0, plane), g = rgb.Slice(plane, plane), b = rgb.Slice(2 * plane, plane);
        int i = 0;
        for (; i <= plane - Width; i += Width)
        {
            var luma = Luma(new Vector<float>(r.Slice(i)), new Vector<float>(g.Slice(i)), new Vector<float>(b.Slice(i)));
            luma.CopyTo(r.Slice(i));
            luma.CopyTo(g.Slice(i));
            luma.CopyTo(b.Slice(i));
        }
        for (; i < plane; i++) r[i] = g[i] = b[i] = Luma(r[i], g[i], b[i]);
    }

    /// <summary>v becomes 1 - v where v is at or above <paramref name="threshold"/> (<see cref="ColorOps.Solarize(TorchSharp.torch.Tensor, float)"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Solarize(Span<float> rgb, float threshold)
    {
        var limit = new Vector<float>(threshold);
        int i = 0;
        for (; i <= rgb.Length - Width; i += Width)
        {
            var v = new Vector<float>(rgb.Slice(i));
            Vector.ConditionalSelect(Vector.LessThan(v, limit), v, Vector<float>.One - v).CopyTo(rgb.Slice(i));
        }
        for (; i < rgb.Length; i++) if (!(rgb[i] < threshold)) rgb[i] = 1f - rgb[i];
    }

    /// <summary>The final clamp to [0, 1] and (v - mean) / std per channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ClampAndNormalize(Span<float> rgb, int plane, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        for (int c = 0; c < 3; c++)
        {
            var values = rgb.Slice(c * plane, plane);
            float m = mean[c], s = std[c];
            var vm = new Vector<float>(m);
            var vs = new Vector<float>(s);
            int i = 0;
            for (; i <= plane - Width; i += Width)
                ((Clamp(new Vector<float>(values.Slice(i))) - vm) / vs).CopyTo(values.Slice(i));
            for (; i < plane; i++) values[i] = (Math.Clamp(values[i], 0f, 1f) - m) / s;
        }
    }

    /// <summary>v = clamp(f v + add) on every value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blend(Span<float> rgb, float factor, float add)
    {
        var f = new Vector<float>(factor);
        var a = new Vector<float>(add);
        int i = 0;
        for (; i <= rgb.Length - Width; i += Width)
            Clamp(new Vector<float>(rgb.Slice(i)) * f + a).CopyTo(rgb.Slice(i));
        for (; i < rgb.Length; i++) rgb[i] = Math.Clamp(rgb[i] * factor + add, 0f, 1f);
    }

    private static Vector<float> HueChannel(Vector<float> sixths, float n, Vector<float> chroma, Vector<float> min)
    {
        var six = new Vector<float>(6f);
        var k = new Vector<float>(n) + sixths;
        k -= six * Vector.Floor(k / six);
        var ramp = Vector.Min(Vector.Max(Vector.Abs(k - new Vector<float>(2f)) - Vector<float>.One, Vector<float>.Zero), Vector<float>.One);
        return Clamp(ramp * chroma + min);
    }

    private static float HueChannel(float sixths, float n, float chroma, float min)
    {
        float k = n + sixths;
        k -= 6f * MathF.Floor(k / 6f);
        float ramp = Math.Clamp(MathF.Abs(k - 2f) - 1f, 0f, 1f);
        return Math.Clamp(ramp * chroma + min, 0f, 1f);
    }

    private static Vector<float> Luma(Vector<float> r, Vector<float> g, Vector<float> b) =>
        r * new Vector<float>(ColorOps.LumaWeights[0]) + g * new Vector<float>(ColorOps.LumaWeights[1]) + b * new Vector<float>(ColorOps.LumaWeights[2]);

    private static float Luma(float r, float g, float b) => r * ColorOps.LumaWeights[0] + g * ColorOps.LumaWeights[1] + b * ColorOps.LumaWeights[2];

    private static Vector<float> Clamp(Vector<float> v) => Vector.Min(Vector.Max(v, Vector<float>.Zero), Vector<float>.One);
}
