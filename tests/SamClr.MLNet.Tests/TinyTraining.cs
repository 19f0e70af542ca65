using SamClr.MLNet.Compute;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Tests;

/// <summary>
/// The shared setup of tests that train a tiny model for a few steps: generated square scenes, mild views that a few
/// steps can learn, and a short CPU loop.
/// </summary>
internal static class TinyTraining
{
    /// <summary>Mild views (large crops, light jitter, no blur) so that a few steps are enough to learn them.</summary>
    public static ViewAugmentationOptions MildViews(int size = 16, double minScale = 0.5) =>
        new() { OutputSize = size, MinScale = minScale, ColorJitterStrength = 0.2, BlurProbability = 0 };

    /// <summary><paramref name="count"/> generated square scenes of <paramref name="size"/> px, with their masks and labels.</summary>
    public static SyntheticSceneSet Scenes(int count = 32, int size = 32, int seed = 5) =>
        SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = size, Seed = seed });

    /// <summary>A short loop on the CPU: batch 8, learning rate 0.1, seed 5.</summary>
    public static PretrainingOptions Loop(int epochs, OptimizerKind optimizer = OptimizerKind.Sgd) =>
        new() { Epochs = epochs, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu, Optimizer = optimizer };
}
