using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class PlaneBlurTests
{
    [Fact]
    public void KernelMatchesGaussianBlurKernels()
    {
        // sigma 1, radius 1: 0.274068, 0.451863, 0.274068 (GaussianBlurTests works them out).
        var kernel = PlaneBlur.Kernel(1f, 1);
        Assert.Equal(3, kernel.Length);
        Assert.Equal(0.274068f, kernel[0], 5);
        Assert.Equal(0.451863f, kernel[1], 5);
        Assert.Equal(0.274068f, kernel[2], 5);
        // Sigma 1.7 over 9 taps, against the tensor version.
        using var kernels = GaussianBlur.Kernels(new[] { 1.7f }, 9, CPU);
        TensorAssert.Near(PlaneBlur.Kernel(1.7f, 4), kernels, 1e-6f);
    }

    [Fact]
    public void ImpulseSpreadsSeparably()
    {
        // A unit impulse at the centre of a 5 x 5 plane with the 3-tap kernel of sigma 1: centre 0.451863^2 = 0.204180,
        // edge neighbours 0.451863 x 0.274068 = 0.123841, corners 0.274068^2 = 0.075113; the sum stays 1.
        var plane = new float[25];
        plane[12] = 1;
        PlaneBlur.Apply(plane, 1, 5, 5, 1f, 3);
        Assert.Equal(0.204180f, plane[12], 5);
        Assert.Equal(0.123841f, plane[7], 5);
        Assert.Equal(0.123841f, plane[13], 5);
        Assert.Equal(0.075113f, plane[18], 5);
        Assert.Equal(1f, plane.Sum(), 5);
    }

    // 9 x 11 reaches the reflected borders with a 7-tap kernel; 3 x 20 shrinks a 13-tap kernel to radius 2.
    [Theory]
    [InlineData(9, 11, 7, 1.3f)]
    [InlineData(3, 20, 13, 2f)]
    public void MatchesTheGroupedConvolutionBlur(int height, int width, int kernelSize, float sigma)
    {
        using var generator = new Generator(5);
        using var sample = rand(new long[] { 1, 3, height, width }, generator: generator);
        using var expected = GaussianBlur.Apply(sample, new[] { sigma }, kernelSize);
        var values = TensorAssert.Values(sample);
        PlaneBlur.Apply(values, 3, height, width, sigma, kernelSize);
        TensorAssert.Near(values, expected, 1e-5f);
    }
}
