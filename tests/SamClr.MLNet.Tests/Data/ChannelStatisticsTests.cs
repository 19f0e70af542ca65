using Microsoft.ML;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ChannelStatisticsTests
{
    // Three 2x1 images, planar RGB. Image 0: (255, 0, 51), (0, 0, 51); image 1: (255, 255, 51) twice; image 2: black.
    private static ImageSet ThreeImages() => new(1, 2, new byte[]
    {
        255, 0, 0, 0, 51, 51,
        255, 255, 255, 255, 51, 51,
        0, 0, 0, 0, 0, 0,
    });

    [Fact]
    public void MeanAndStdOverEveryPixelByHand()
    {
        // R: 1, 0, 1, 1, 0, 0 -> mean 0.5, std 0.5. G: 0, 0, 1, 1, 0, 0 -> mean 1/3, variance 1/3 - 1/9 = 2/9, std 0.4714045.
        // B: 0.2 four times and 0 twice -> mean 0.1333333, variance 0.16 / 6 - 0.0177778 = 0.0088889, std 0.0942809.
        var statistics = ChannelStatistics.Measure(ThreeImages());
        Assert.Equal(new[] { 0.5f, 0.3333333f, 0.1333333f }, statistics.Mean, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(new[] { 0.5f, 0.4714045f, 0.0942809f }, statistics.Std, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void ACapReadsImagesSpreadOverTheSetAndAConstantChannelGetsTheSmallestStd()
    {
        // Two of three images: indices 0 * 3 / 2 = 0 and 1 * 3 / 2 = 1. R: 1, 0, 1, 1 -> mean 0.75, variance 0.75 - 0.5625,
        // std 0.4330127; G: 0, 0, 1, 1 -> 0.5 and 0.5; B: 0.2 everywhere -> std 0, reported as 1/255.
        var statistics = ChannelStatistics.Measure(ThreeImages(), maxImages: 2);
        Assert.Equal(new[] { 0.75f, 0.5f, 0.2f }, statistics.Mean, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal(new[] { 0.4330127f, 0.5f, ChannelStatistics.MinStd }, statistics.Std, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void TheEstimatorNormalisesViewsAndTheFeaturizerWithTheMeasuredStatistics()
    {
        var ml = new MLContext(seed: 1);
        var scenes = TinyTraining.Scenes(count: 16, seed: 3).Images;
        var data = scenes.ToDataView(ml);
        var options = new SimClrOptions
        {
            Backbone = "small-cnn", ViewSize = 16, NormalizeWithDatasetStatistics = true,
            Training = new PretrainingOptions { Epochs = 1, BatchSize = 8, Device = ComputeDevice.Cpu },
        };
        var estimator = ml.Transforms.SimClr(options);
        var expected = ChannelStatistics.Measure(scenes);
        Assert.NotEqual(new[] { 0.485f, 0.456f, 0.406f }, expected.Mean);

        using var trained = estimator.Fit(data);
        Assert.Equal(expected.Mean, trained.Encoder.Normalization.Mean);
        Assert.Equal(expected.Std, trained.Encoder.Normalization.Std);
        using var untrained = estimator.CreateUntrained(data);
        Assert.Equal(expected.Mean, untrained.Encoder.Normalization.Mean);
        var error = Assert.Throws<ArgumentNullException>(() => estimator.CreateUntrained());
        Assert.Contains(nameof(SelfSupervisedOptions.NormalizeWithDatasetStatistics), error.Message);
    }
}
