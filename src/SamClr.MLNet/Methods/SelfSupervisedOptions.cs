using SamClr.MLNet.Training;

namespace SamClr.MLNet.Methods;

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
    /// Side of the canvas images are decoded onto once before training (longest side resized to it, aspect kept).
    /// 0 (the default) means 2 x <see cref="ViewSize"/>. Memory is images x 3 x CanvasSize² bytes.
    /// </summary>
    public int CanvasSize { get; set; }

    /// <summary>
    /// A PyTorch state_dict (.pt/.pth) or safetensors file to start the backbone from instead of random weights (default
    /// null), e.g. torchvision's ImageNet ResNet-18 or weights exported by the export command; loaded strictly
    /// (<see cref="Models.Interop.BackboneWeights.LoadInto"/>). Momentum teachers start from the same weights.
    /// </summary>
    public string? InitialWeights { get; set; }

    /// <summary>The optimisation loop's settings (epochs, batch, learning rate, seed, device).</summary>
    public PretrainingOptions Training { get; set; } = new();

    /// <summary>Receives a report after every training step (for progress bars); optional.</summary>
    public IProgress<PretrainingProgress>? Progress { get; set; }

    /// <summary>Stops training before the next step when cancelled.</summary>
    public CancellationToken Cancellation { get; set; }

    internal int EffectiveCanvasSize => CanvasSize > 0 ? CanvasSize : 2 * ViewSize;

    /// <summary>Checks the method-independent values; derived classes add their own checks.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names it.</exception>
    public virtual void Validate()
    {
        Training.Validate();
        if (ViewSize <= 0) throw new ArgumentOutOfRangeException(nameof(ViewSize), ViewSize, "View size must be positive.");
        if (CanvasSize < 0) throw new ArgumentOutOfRangeException(nameof(CanvasSize), CanvasSize, "Canvas size must be 0 (automatic) or positive.");
        if (!Models.Backbones.Names.Contains(Backbone.ToLowerInvariant()))
            throw new ArgumentException($"Unknown backbone '{Backbone}'. Choose one of: {string.Join(", ", Models.Backbones.Names)}.", nameof(Backbone));
    }
}
