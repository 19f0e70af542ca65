namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Settings of <see cref="SgdLinearProbe"/>, the linear evaluation protocol of Lightly's benchmarks that the SAMCLR
/// authors report: a linear layer on the frozen encoder, trained with SGD on features of randomly cropped and flipped
/// images, cosine learning-rate schedule, top-1 accuracy. Every default is Lightly's (benchmarks' linear_eval.py).
/// </summary>
public sealed class SgdLinearProbeOptions
{
    /// <summary>The image column (ML.NET's image type). Default "Image".</summary>
    public string ImageColumnName { get; set; } = "Image";

    /// <summary>The label column: a key, or any type MapValueToKey accepts (it is mapped then). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column the trained model's ML.NET pipeline reads (the encoder's output column). Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Passes over the training images. Default 90 (Lightly's linear evaluation).</summary>
    public int Epochs { get; set; } = 90;

    /// <summary>Images per step. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Learning rate at batch 256; the rate used is this x BatchSize / 256. Default 0.1 (Lightly's linear evaluation).</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>SGD momentum. Default 0.9 (Lightly).</summary>
    public double Momentum { get; set; } = 0.9;

    /// <summary>L2 weight decay. Default 0 (Lightly's linear evaluation).</summary>
    public double WeightDecay { get; set; }

    /// <summary>Smallest crop area of the random resized crop, as a fraction of the image. Default 0.08 (torchvision's RandomResizedCrop).</summary>
    public double MinCropScale { get; set; } = 0.08;

    /// <summary>Probability of a horizontal flip. Default 0.5 (torchvision's RandomHorizontalFlip).</summary>
    public double HorizontalFlipProbability { get; set; } = 0.5;

    /// <summary>Seed of the shuffles, crops, flips and the layer's initial weights. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Stops training before the next step when cancelled.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ImageColumnName, nameof(ImageColumnName));
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        if (Epochs < 1) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "The probe needs at least one epoch.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be positive.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be positive.");
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1).");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be >= 0.");
        if (!(MinCropScale > 0 && MinCropScale <= 1)) throw new ArgumentOutOfRangeException(nameof(MinCropScale), MinCropScale, "The crop scale must be in (0, 1].");
        if (!(HorizontalFlipProbability >= 0 && HorizontalFlipProbability <= 1))
            throw new ArgumentOutOfRangeException(nameof(HorizontalFlipProbability), HorizontalFlipProbability, "A probability must be in [0, 1].");
    }
}
