using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

/// <summary>Comparisons of tensor contents for the view tests.</summary>
internal static class TensorAssert
{
    /// <summary>All values in row-major order.</summary>
    public static float[] Values(Tensor t)
    {
        using var c = t.contiguous();
        return c.data<float>().ToArray();
    }

    /// <summary>True when both tensors hold exactly the same values.</summary>
    public static bool Identical(Tensor a, Tensor b)
    {
        using var same = a.eq(b).all();
        return same.item<bool>();
    }

    /// <summary>Asserts that every value is within <paramref name="tolerance"/> of the expected one.</summary>
    public static void Near(float[] expected, Tensor actual, float tolerance = 1e-5f)
    {
        var values = Values(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - values[i]) <= tolerance, $"value {i}: expected {expected[i]}, got {values[i]}");
    }
}
