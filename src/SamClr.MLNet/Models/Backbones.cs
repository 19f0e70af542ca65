namespace SamClr.MLNet.Models;

/// <summary>Creates backbones by name, so options and saved models can refer to an architecture as a string.</summary>
public static class Backbones
{
    /// <summary>The names <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = new[]
    {
        "resnet18", "resnet34", "resnet50", "resnet18-cifar", "resnet34-cifar", "resnet50-cifar", "small-cnn",
    };

    /// <summary>
    /// Creates a freshly initialised backbone: "resnet18" (512-d, the paper's), "resnet34" (512-d),
    /// "resnet50" (2048-d), their "-cifar" variants with the 3x3 stem for small images, or
    /// "small-cnn" (256-d, for CPU demos).
    /// </summary>
    public static Backbone Create(string name) => name.ToLowerInvariant() switch
    {
        "resnet18" => new ResNet(18, cifarStem: false),
        "resnet34" => new ResNet(34, cifarStem: false),
        "resnet50" => new ResNet(50, cifarStem: false),
        "resnet18-cifar" => new ResNet(18, cifarStem: true),
        "resnet34-cifar" => new ResNet(34, cifarStem: true),
        "resnet50-cifar" => new ResNet(50, cifarStem: true),
        "small-cnn" => new SmallCnn(),
        _ => throw new ArgumentException($"Unknown backbone '{name}'. Choose one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
