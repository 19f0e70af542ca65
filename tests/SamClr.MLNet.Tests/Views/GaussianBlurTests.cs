using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class GaussianBlurTests
{
    [Fact]
    public void KernelsAreNormalisedGaussians()
    {
        // sigma 1, size 3: weights exp(-1/2) = 0.606531, 1, 0.606531; sum 2.213061 -> 0.274068, 0.451863, 0.274068.
        using var kernels = GaussianBlur.Kernels(new[] { 1f, 0.1f }, 3, CPU);
        TensorAssert.Near(new[] { 0.274068f, 0.451863f, 0.274068f }, kernels[0]);
        // sigma 0.1: exp(-50) is ~2e-22, so the kernel is a delta.
        TensorAssert.Near(new[] { 0f, 1f, 0f }, kernels[1]);
        using var sums = kernels.sum(1);
        TensorAssert.Near(new[] { 1f, 1f }, sums);
    }

    [Fact]
    public void ConstantImageStaysConstant()
    {
        using var x = full(new long[] { 2, 3, 6, 6 }, 0.7f);
        using var y = GaussianBlur.Apply(x, new[] { 2f, 0.5f }, 5);
        TensorAssert.Near(Enumerable.Repeat(0.7f, 2 * 3 * 36).ToArray(), y);
    }

    [Fact]
    public void ImpulseSpreadsWithEachSamplesOwnSigmaAndKeepsItsSum()
    {
        // A unit impulse at the centre of a 5 x 5 plane, blurred separably with the 3-tap kernel of sigma 1:
        // centre 0.451863^2 = 0.204180, edge neighbours 0.451863 x 0.274068 = 0.123841; total stays 1 (no border is reached).
        // Sample 1 uses sigma 0.1, a delta kernel, so its impulse is unchanged.
        using var x = zeros(2, 3, 5, 5);
        x[TensorIndex.Colon, TensorIndex.Colon, 2, 2] = tensor(1f);
        using var y = GaussianBlur.Apply(x, new[] { 1f, 0.1f }, 3);
        Assert.Equal(0.204180f, y[0, 1, 2, 2].item<float>(), 5);
        Assert.Equal(0.123841f, y[0, 2, 1, 2].item<float>(), 5);
        Assert.Equal(0.123841f, y[0, 0, 2, 3].item<float>(), 5);
        Assert.Equal(1f, y[0, 0].sum().item<float>(), 5);
        Assert.Equal(1f, y[1, 0, 2, 2].item<float>(), 5);
        Assert.Equal(1f, y[1, 0].sum().item<float>(), 5);
    }
}
