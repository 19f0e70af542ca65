using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Views.MultiCrop;

public class MultiCropOptionsTests
{
    [Fact]
    public void DefaultsAreLightlysDinoTransformAtThePapersSizes()
    {
        var options = new MultiCropOptions();
        var first = options.GlobalView(0);
        var second = options.GlobalView(1);
        var local = options.LocalView();
        Assert.Equal((128, 0.4, 1.0, 1.0, 0.0), (first.OutputSize, first.MinScale, first.MaxScale, first.BlurProbability, first.SolarizeProbability));
        Assert.Equal((128, 0.4, 1.0, 0.1, 0.2), (second.OutputSize, second.MinScale, second.MaxScale, second.BlurProbability, second.SolarizeProbability));
        Assert.Equal((64, 0.05, 0.4, 0.5, 0.0), (local.OutputSize, local.MinScale, local.MaxScale, local.BlurProbability, local.SolarizeProbability));
        Assert.Equal(6, options.LocalViewCount);
        Assert.All(new[] { first, second, local }, v =>
        {
            // Lightly's DINOTransform: cj_prob 0.8, cj_strength 0.5, brightness 0.8, contrast 0.8, saturation 0.4, hue 0.2, gray 0.2.
            Assert.Equal((0.8, 0.5, 0.8, 0.8, 0.4, 0.2, 0.2, 0.5), (v.ColorJitterProbability, v.ColorJitterStrength, v.Brightness, v.Contrast,
                v.Saturation, v.Hue, v.GrayscaleProbability, v.HorizontalFlipProbability));
            Assert.Equal((0.1, 2.0), (v.BlurSigmaMin, v.BlurSigmaMax));
        });
    }

    [Fact]
    public void CodeVariantHasTheAuthorsScalesAndSimClrColours()
    {
        var options = MultiCropOptions.SamClrCodeVariant();
        var global = options.GlobalView(1);
        var local = options.LocalView();
        Assert.Equal((2, 6), (options.GlobalViewCount, options.LocalViewCount));
        Assert.Equal((128, 0.5, 1.0, 0.5, 0.0), (global.OutputSize, global.MinScale, global.MaxScale, global.BlurProbability, global.SolarizeProbability));
        Assert.Equal((64, 0.2, 0.5, 0.5), (local.OutputSize, local.MinScale, local.MaxScale, local.BlurProbability));
        Assert.Equal(0.8, local.Saturation);
    }

    [Fact]
    public void PerViewOptionsCarryEveryOtherSettingOfTheSharedAugmentation()
    {
        // Every writable property of ViewAugmentationOptions must reach the per-view copies: a property added later and
        // forgotten in the copy would silently fall back to its default.
        var shared = new ViewAugmentationOptions();
        foreach (var property in typeof(ViewAugmentationOptions).GetProperties().Where(p => p.CanWrite))
        {
            if (property.PropertyType == typeof(double)) property.SetValue(shared, 0.3);
            else if (property.PropertyType == typeof(int)) property.SetValue(shared, 7);
            else if (property.PropertyType == typeof(bool)) property.SetValue(shared, false);
            else if (property.PropertyType == typeof(float[])) property.SetValue(shared, new[] { 0.3f, 0.3f, 0.3f });
        }
        var view = new MultiCropOptions { Augmentation = shared }.LocalView();
        string[] perView = { "OutputSize", "MinScale", "MaxScale", "BlurProbability", "SolarizeProbability" };
        foreach (var property in typeof(ViewAugmentationOptions).GetProperties().Where(p => p.CanWrite && !perView.Contains(p.Name)))
        {
            var expected = property.GetValue(shared);
            var actual = property.GetValue(view);
            if (expected is float[] array) Assert.Equal(array, (float[])actual!);
            else Assert.Equal(expected, actual);
        }
        Assert.NotSame(shared.Mean, view.Mean);
    }

    [Fact]
    public void ValidationNamesTheBadView()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MultiCropOptions { LocalMinScale = 0.5, LocalMaxScale = 0.4 }.Validate());
        Assert.Contains("local views", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiCropOptions { GlobalViewCount = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultiCropOptions().GlobalView(2));
    }
}
