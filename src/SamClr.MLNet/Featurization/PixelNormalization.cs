using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Featurization;

/// <summary>Per-channel normalisation (x - mean) / std of RGB values in [0, 1], applied to views and to featurized images alike.</summary>
/// <param name="Mean">Red, green and blue means.</param>
/// <param name="Std">Red, green and blue standard deviations.</param>
public sealed record PixelNormalization(float[] Mean, float[] Std)
{
    /// <summary>ImageNet statistics, mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225): the default of Lightly's transforms and torchvision.</summary>
    public static PixelNormalization ImageNet { get; } = new(new[] { 0.485f, 0.456f, 0.406f }, new[] { 0.229f, 0.224f, 0.225f });

    /// <summary>Returns (images - mean) / std for images [B, 3, H, W] in [0, 1].</summary>
    public Tensor Apply(Tensor images)
    {
        using var scope = NewDisposeScope();
        var mean = tensor(Mean, new long[] { 1, 3, 1, 1 }, device: images.device);
        var std = tensor(Std, new long[] { 1, 3, 1, 1 }, device: images.device);
        return images.sub(mean).div_(std).MoveToOuterDisposeScope();
    }
}
