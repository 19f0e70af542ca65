namespace SamClr.MLNet.Scenes;

/// <summary>
/// Settings of <see cref="SyntheticSceneGenerator.Generate"/>. The defaults reproduce the scene data set the
/// project's first CPU measurements used (6000 scenes of 96 x 96 pixels with 3 to 5 objects each: enough
/// for SAMCLR to beat random init within a CPU budget); demos pass a smaller <see cref="Count"/>.
/// </summary>
public sealed class SyntheticSceneOptions
{
    /// <summary>Number of scenes. Default 6000, the size of the design's measured scene set.</summary>
    public int Count { get; set; } = 6000;

    /// <summary>Side length of the square scenes in pixels. Default 96, as in the design's measured scene set. At least 16.</summary>
    public int ImageSize { get; set; } = 96;

    /// <summary>Fewest objects in a scene. Default 3 (design's scene set: 3-5 objects).</summary>
    public int MinObjects { get; set; } = 3;

    /// <summary>Most objects in a scene. Default 5. At most the number of classes (10), because a scene's objects have distinct classes.</summary>
    public int MaxObjects { get; set; } = 5;

    /// <summary>
    /// Smallest object diameter (the longer axis of its bounding circle) as a fraction of <see cref="ImageSize"/>.
    /// Default 0.23, about 22 px on a 96 px scene, so an object fills most of a 32 px view cropped around it.
    /// </summary>
    public double MinObjectFraction { get; set; } = 0.23;

    /// <summary>Largest object diameter as a fraction of <see cref="ImageSize"/>. Default 0.42, about 40 px on a 96 px scene.</summary>
    public double MaxObjectFraction { get; set; } = 0.42;

    /// <summary>
    /// Largest fraction of an object's own area that objects drawn after it may hide. Default 0.3, so every
    /// object keeps at least 70% of its pixels visible. In [0, 1).
    /// </summary>
    public double MaxOcclusion { get; set; } = 0.3;

    /// <summary>Random seed; equal options give byte-identical scenes on every machine and thread count. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>A copy, so that generation is not affected by later changes to these options.</summary>
    internal SyntheticSceneOptions Clone() => (SyntheticSceneOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    internal void Validate(int classCount)
    {
        if (Count < 0) throw Invalid(nameof(Count), $"must not be negative, got {Count}.");
        if (ImageSize < 16) throw Invalid(nameof(ImageSize), $"must be at least 16 pixels, got {ImageSize}.");
        if (MinObjects < 1) throw Invalid(nameof(MinObjects), $"must be at least 1, got {MinObjects}.");
        if (MaxObjects < MinObjects) throw Invalid(nameof(MaxObjects), $"({MaxObjects}) must be at least MinObjects ({MinObjects}).");
        if (MaxObjects > classCount)
            throw Invalid(nameof(MaxObjects), $"({MaxObjects}) exceeds the {classCount} classes; a scene's objects have distinct classes, so use at most {classCount}.");
        if (!(MinObjectFraction > 0 && MinObjectFraction <= MaxObjectFraction))
            throw Invalid(nameof(MinObjectFraction), $"must be positive and at most MaxObjectFraction ({MaxObjectFraction}), got {MinObjectFraction}.");
        if (!(MaxObjectFraction <= 1)) throw Invalid(nameof(MaxObjectFraction), $"must be at most 1 (an object must fit the scene), got {MaxObjectFraction}.");
        if (!(MaxOcclusion >= 0 && MaxOcclusion < 1)) throw Invalid(nameof(MaxOcclusion), $"must be in [0, 1), got {MaxOcclusion}.");
    }

    private static ArgumentException Invalid(string name, string problem) =>
        new($"SyntheticSceneOptions.{name} {problem}", name);
}
