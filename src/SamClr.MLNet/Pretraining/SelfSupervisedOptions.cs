using SamClr.MLNet.Methods;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Pretraining;

/// <summary>
/// Options every pre-training estimator shares: columns, encoder, view size, canvas, region views and the
/// training loop. Method-specific options (temperature, heads, augmentations) live in the derived classes.
/// </summary>
public abstract class SelfSupervisedOptions
{
    /// <summary>Name of the output feature column (default "Features").</summary>
    public string OutputColumnName { get; set; } = "Features";

    /// <summary>Name of the input image column, of ML.NET's image type (default "Image").</summary>
    public string InputColumnName { get; set; } = "Image";

    /// <summary>
    /// Column of candidate region boxes per image (as made by <c>mlContext.Transforms.SamRegionSample</c>), or null
    /// (the default) for whole-image views. When set, the views of an image are cropped inside one of its regions,
    /// chosen uniformly at random each epoch: SAMCLR's sampling, available to every method.
    /// </summary>
    public string? RegionsColumnName { get; set; }

    /// <summary>Backbone architecture, one of <see cref="Models.Backbones.Names"/> (default "resnet18", the paper's).</summary>
    public string Backbone { get; set; } = "resnet18";

    /// <summary>Side of the square (global) training views and of the featurizer input, in pixels (default 128, the paper's).</summary>
    public int ViewSize { get; set; } = 128;

    /// <summary>
    /// Longest side, in pixels, of an input image that has to be copied for training (an image column that is not an
    /// ImageSet or ImageStore view, e.g. ML.NET's LoadImages); larger images are shrunk, aspect kept. Views are always
    /// cut from the images at this resolution, never from a thumbnail. Default 2048: Cityscapes frames (2048x1024, the
    /// SAMCLR paper's data) are kept at full size.
    /// </summary>
    public int MaxImageSide { get; set; } = 2048;

    /// <summary>
    /// Folder for the temporary image store such a copy goes to (deleted after training); default null: the system's
    /// temporary folder. Choose a disk with room for the decoded images (3 bytes per pixel).
    /// </summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// A PyTorch state_dict (.pt/.pth) or safetensors file to start the backbone from instead of random weights (default
    /// null), e.g. torchvision's ImageNet ResNet-18 or weights exported by the export command; loaded strictly
    /// (<see cref="Models.Interop.BackboneWeights.LoadInto"/>). Momentum teachers start from the same weights.
    /// </summary>
    public string? InitialWeights { get; set; }

    /// <summary>
    /// Whether views and the featurizer normalise with the training images' own per-channel mean and std (measured before
    /// training on up to <see cref="Data.ChannelStatistics.DefaultMaxImages"/> images, <see cref="Data.ChannelStatistics.Measure"/>)
    /// instead of the views' Mean and Std (ImageNet's by default, Lightly's transforms' default). Default false. The
    /// featurizer keeps the measured values, so the saved pipeline normalises new images the same way.
    /// </summary>
    public bool NormalizeWithDatasetStatistics { get; set; }

    /// <summary>The optimisation loop's settings (epochs, batch, learning rate, seed, device).</summary>
    public PretrainingOptions Training { get; set; } = new();

    /// <summary>Receives a report after every training step (for progress bars); optional.</summary>
    public IProgress<PretrainingProgress>? Progress { get; set; }

    /// <summary>Stops training before the next step when cancelled.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Checks the method-independent values; derived classes add their own checks.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public virtual void Validate()
    {
        Training.Validate();
        if (ViewSize <= 0) throw new ArgumentOutOfRangeException(nameof(ViewSize), ViewSize, "View size must be positive.");
        if (MaxImageSide < 8) throw new ArgumentOutOfRangeException(nameof(MaxImageSide), MaxImageSide, "MaxImageSide must be at least 8 pixels.");
        if (!Models.Backbones.Names.Contains(Backbone.ToLowerInvariant()))
            throw new ArgumentException($"Unknown backbone '{Backbone}'. Choose one of: {string.Join(", ", Models.Backbones.Names)}.", nameof(Backbone));
    }
}
