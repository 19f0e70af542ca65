using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

/// <summary>One training and one test evaluation set shared by the baseline tests (generated once, about 0.1 s).</summary>
public sealed class EvaluationSetsFixture
{
    public ImageSet Train { get; } = SyntheticSceneGenerator.GenerateObjects(1000, 32, seed: 11);

    public ImageSet Test { get; } = SyntheticSceneGenerator.GenerateObjects(400, 32, seed: 12);
}

public class SyntheticSceneObjectsTests(EvaluationSetsFixture sets) : IClassFixture<EvaluationSetsFixture>
{
    [Fact]
    public void EvaluationSetIsBalancedAndLabelled() =>
        SceneGroundTruthChecks.BalancedObjectSetOf95(SyntheticSceneGenerator.GenerateObjects(95, 24, seed: 2), 24);

    [Fact]
    public void EvaluationSetIsDeterministicPerSeed()
    {
        var first = SyntheticSceneGenerator.GenerateObjects(20, 32, seed: 4);
        var second = SyntheticSceneGenerator.GenerateObjects(20, 32, seed: 4);
        var other = SyntheticSceneGenerator.GenerateObjects(20, 32, seed: 5);
        Assert.True(first.Pixels.SequenceEqual(second.Pixels));
        Assert.False(first.Pixels.SequenceEqual(other.Pixels));
    }

    [Fact]
    public void MeanColourDoesNotGiveTheClassAway()
    {
        // Colours are drawn independently of the class, so a mean-colour classifier stays near chance (10%);
        // measured 10.1% with 5000 training and 2000 test images. 400 test images put chance's standard
        // error at sqrt(0.1 x 0.9 / 400) = 1.5%, so 20% is more than six standard errors away.
        double accuracy = SceneClassifierBaselines.NearestClassMeanAccuracy(sets.Train, sets.Test, SceneClassifierBaselines.MeanColour);
        Assert.True(accuracy < 0.2, $"Mean-colour nearest-class-mean accuracy is {accuracy:P1}; colour predicts the class.");
    }

    [Fact]
    public void RawPixelsAreFarFromSolvingTheTask()
    {
        // Random rotation, position, scale and colour blur every class's mean image; measured 11.2% (5000/2000 images).
        double accuracy = SceneClassifierBaselines.NearestClassMeanAccuracy(sets.Train, sets.Test, SceneClassifierBaselines.RawPixels);
        Assert.True(accuracy < 0.3, $"Raw-pixel nearest-class-mean accuracy is {accuracy:P1}; the task is too easy.");
    }

    [Fact]
    public void ShapeCarriesTheClass()
    {
        // The set is not degenerate: a hand-made shape feature (object-like pixels per ring around the centre)
        // separates the classes well above chance; measured 43.1% with 5000/2000 images.
        double accuracy = SceneClassifierBaselines.NearestClassMeanAccuracy(sets.Train, sets.Test, SceneClassifierBaselines.RadialObjectProfile);
        Assert.True(accuracy > 0.3, $"Radial-profile nearest-class-mean accuracy is only {accuracy:P1}.");
    }

    [Fact]
    public void RejectsTooSmallImages()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticSceneGenerator.GenerateObjects(1, 4));
        Assert.Contains("at least 8", ex.Message);
    }
}
