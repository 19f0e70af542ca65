using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views;

public class ViewAugmentationOptionsTests
{
    [Fact]
    public void SimClrPresetHasLightlysBenchmarkValues()
    {
        var o = ViewAugmentationOptions.SimClr(96);
        Assert.Equal(96, o.OutputSize);
        Assert.Equal(0.08, o.MinScale);
        Assert.Equal(1.0, o.MaxScale);
        Assert.Equal(0.75, o.MinRatio);
        Assert.Equal(4.0 / 3.0, o.MaxRatio);
        Assert.Equal(0.5, o.HorizontalFlipProbability);
        Assert.Equal((0.8, 0.5), (o.ColorJitterProbability, o.ColorJitterStrength));
        Assert.Equal((0.8, 0.8, 0.8, 0.2), (o.Brightness, o.Contrast, o.Saturation, o.Hue));
        Assert.Equal(0.2, o.GrayscaleProbability);
        Assert.Equal((0.5, 0.1, 2.0), (o.BlurProbability, o.BlurSigmaMin, o.BlurSigmaMax));
        Assert.Equal(0.0, o.SolarizeProbability);
        Assert.Equal(new[] { 0.485f, 0.456f, 0.406f }, o.Mean);
        Assert.Equal(new[] { 0.229f, 0.224f, 0.225f }, o.Std);
        Assert.Equal(128, ViewAugmentationOptions.SimClr().OutputSize);
        o.Validate();
    }

    [Theory]
    // 2 floor(0.1 S / 2) + 1, at least 3: 128 -> 2*6+1 = 13, 224 -> 2*11+1 = 23, 96 -> 2*4+1 = 9, 32 -> 2*1+1 = 3, 8 -> 3.
    [InlineData(128, 13)]
    [InlineData(224, 23)]
    [InlineData(96, 9)]
    [InlineData(32, 3)]
    [InlineData(8, 3)]
    public void BlurKernelIsAboutATenthOfTheViewAndOdd(int size, int kernel) =>
        Assert.Equal(kernel, ViewAugmentationOptions.SimClr(size).BlurKernelSize);

    [Fact]
    public void ValidateNamesTheBadProperty()
    {
        var scale = Assert.Throws<ArgumentException>(() => new ViewAugmentationOptions { MinScale = 0 }.Validate());
        Assert.Contains("MinScale", scale.Message);
        var probability = Assert.Throws<ArgumentException>(() => new ViewAugmentationOptions { BlurProbability = 1.5 }.Validate());
        Assert.Contains("BlurProbability", probability.Message);
        var hue = Assert.Throws<ArgumentException>(() => new ViewAugmentationOptions { ColorJitterStrength = 1, Hue = 0.6 }.Validate());
        Assert.Contains("Hue", hue.Message);
        var mean = Assert.Throws<ArgumentException>(() => new ViewAugmentationOptions { Mean = new[] { 0.5f } }.Validate());
        Assert.Contains("Mean", mean.Message);
    }
}
