namespace SamClr.MLNet.Data;

/// <summary>Settings of <see cref="ImageStore.Build"/>.</summary>
public sealed class ImageStoreOptions
{
    /// <summary>
    /// Longest side, in pixels, an image is kept at; larger images are shrunk (aspect kept), smaller ones are kept as they are.
    /// Default 2048: Cityscapes frames (2048x1024, the SAMCLR paper's data) and ADE20K photos are stored at their own
    /// resolution, and a phone photo does not take 50 MB.
    /// </summary>
    public int MaxSide { get; set; } = 2048;

    /// <summary>How many images are decoded at once; null (the default) means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    internal void Validate()
    {
        if (MaxSide < 8)
            throw new ArgumentOutOfRangeException(nameof(MaxSide), MaxSide, $"ImageStoreOptions.MaxSide must be at least 8 pixels, got {MaxSide}.");
        if (MaxDegreeOfParallelism is < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "ImageStoreOptions.MaxDegreeOfParallelism must be at least 1 (or null for all cores).");
    }
}

/// <summary>Progress of <see cref="ImageStore.Build"/>: images done (decoded or skipped) of the total.</summary>
/// <param name="Done">Images handled so far, including those a resumed build found already stored.</param>
/// <param name="Total">Images to store.</param>
/// <param name="Skipped">Unreadable images left out so far.</param>
/// <param name="Elapsed">Time spent by this call.</param>
public readonly record struct ImageStoreProgress(int Done, int Total, int Skipped, TimeSpan Elapsed);
