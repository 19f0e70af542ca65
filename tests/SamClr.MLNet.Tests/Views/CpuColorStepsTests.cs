using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class CpuColorStepsTests
{
    [Fact]
    public void EachSampleGetsItsOwnStepsAsTheBatchedOperationsComputeThem()
    {
        // Sample 0: jitter in the order hue, brightness, saturation, contrast, then grayscale, blur and solarize;
        // sample 1: nothing but the clamp and the normalisation.
        var options = new ViewAugmentationOptions { OutputSize = 10, SolarizeProbability = 1 };
        var p = new ViewParameters(2);
        p.Jitter[0] = true;
        p.Brightness[0] = 1.3f;
        p.Contrast[0] = 0.7f;
        p.Saturation[0] = 0.4f;
        p.Hue[0] = -0.2f;
        new byte[] { 3, 0, 2, 1 }.CopyTo(p.JitterOrder, 0);
        p.Grayscale[0] = p.Blur[0] = p.Solarize[0] = true;
        p.BlurSigma[0] = 1.2f;
        using var generator = new Generator(9);
        using var x = rand(new long[] { 2, 3, 10, 10 }, generator: generator);

        using var scope = NewDisposeScope();
        var first = x.slice(0, 0, 1, 1);
        var jittered = ColorOps.AdjustContrast(ColorOps.AdjustSaturation(ColorOps.AdjustBrightness(ColorOps.ShiftHue(first, new[] { -0.2f }), new[] { 1.3f }), new[] { 0.4f }), new[] { 0.7f });
        var finished = ColorOps.Solarize(GaussianBlur.Apply(ColorOps.ToGrayscale(jittered), new[] { 1.2f }, options.BlurKernelSize), 0.5f);
        var mean = tensor(options.Mean, new long[] { 1, 3, 1, 1 });
        var std = tensor(options.Std, new long[] { 1, 3, 1, 1 });
        var expected = cat(new[] { finished, x.slice(0, 1, 2, 1) }, 0).clamp(0f, 1f).sub(mean).div(std);

        var actual = x.clone();
        CpuColorSteps.Apply(actual, p, options);
        TensorAssert.Near(TensorAssert.Values(expected), actual, 1e-5f);
    }

    /// <summary>
    /// The two implementations of the colour steps, CUDA's batched tensor operations (run here on CPU tensors) and the
    /// CPU's per-sample loops, give the same views for parameters drawn as training draws them, with every step likely.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheBatchedPathOfCudaAndThePerSamplePathAgree(bool randomJitterOrder)
    {
        var options = new ViewAugmentationOptions
        {
            OutputSize = 12, ColorJitterProbability = 0.9, GrayscaleProbability = 0.4, BlurProbability = 0.6, SolarizeProbability = 0.3,
            RandomJitterOrder = randomJitterOrder,
        };
        var boxes = Enumerable.Repeat(new CropBox(0, 0, 12, 12), 32).ToArray();
        var p = ViewParameters.Draw(boxes, options, new Random(5));
        Assert.True(p.Jitter.Count(j => j) > 20 && p.Grayscale.Any(g => g) && p.Blur.Any(b => b) && p.Solarize.Any(s => s), "The draw should exercise every step.");
        using var generator = new Generator(3);
        using var x = rand(new long[] { 32, 3, 12, 12 }, generator: generator);

        using var scope = NewDisposeScope();
        var batched = ViewAugmenter.ColorizeBatched(x.clone(), p, options);
        var perSample = x.clone();
        CpuColorSteps.Apply(perSample, p, options);
        TensorAssert.Near(TensorAssert.Values(batched), perSample, 1e-4f);
    }

    [Fact]
    public void RejectsTensorsItCannotWriteInPlace()
    {
        using var x = rand(2, 3, 4, 4);
        using var transposed = x.transpose(2, 3);
        Assert.Throws<ArgumentException>(() => CpuColorSteps.Apply(transposed, new ViewParameters(2), new ViewAugmentationOptions()));
        Assert.Throws<ArgumentException>(() => CpuColorSteps.Apply(x, new ViewParameters(3), new ViewAugmentationOptions()));
    }
}
