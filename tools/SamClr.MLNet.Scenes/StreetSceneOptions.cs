using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Settings of <see cref="StreetSceneGenerator.Generate"/>: wide street frames with many small objects, the shape of
/// the paper's scene-centric data (Cityscapes frames are 2048 x 1024 with many small objects; PAPER.md).
/// </summary>
public sealed class StreetSceneOptions
{
    /// <summary>Number of frames. Default 1000 (393 MB of pixels at 512 x 256).</summary>
    public int Count { get; set; } = 1000;

    /// <summary>Frame width in pixels. Default 512, a quarter of Cityscapes' 2048 (any size from 128 works, e.g. 1024 or 2048).</summary>
    public int Width { get; set; } = 512;

    /// <summary>Frame height in pixels. Default 256, a quarter of Cityscapes' 1024. At least 64.</summary>
    public int Height { get; set; } = 256;

    /// <summary>Fewest objects in a frame. Default 8.</summary>
    public int MinObjects { get; set; } = 8;

    /// <summary>
    /// Most objects in a frame. Default 20. Classes are drawn independently for each object, so with ten classes a
    /// frame usually shows some class more than once (unlike the shape scenes, whose objects have distinct classes).
    /// </summary>
    public int MaxObjects { get; set; } = 20;

    /// <summary>
    /// Smallest object area (its outline's pixels before any occlusion) as a fraction of the frame's area. Default
    /// 0.005: 655 px (about 29 x 29) of a 512 x 256 frame, 10,486 px of a 2048 x 1024 one, where the paper keeps
    /// regions of at least 1000 px.
    /// </summary>
    public double MinObjectArea { get; set; } = 0.005;

    /// <summary>Largest object area as a fraction of the frame's area. Default 0.03: 3932 px (about 63 x 63) of a 512 x 256 frame.</summary>
    public double MaxObjectArea { get; set; } = 0.03;

    /// <summary>Largest fraction of an object's own area that objects drawn after it may hide. Default 0.3, as for the shape scenes. In [0, 1).</summary>
    public double MaxOcclusion { get; set; } = 0.3;

    /// <summary>Random seed; equal options give byte-identical frames on every machine and thread count. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Most threads generation uses; null (the default) uses every core. The frames are the same whatever the value.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>A copy, so that generation is not affected by later changes to these options.</summary>
    internal StreetSceneOptions Clone() => (StreetSceneOptions)MemberwiseClone();

    /// <summary>Frame area in pixels.</summary>
    internal double FrameArea => (double)Width * Height;

    /// <summary>Objects lie entirely below this row: the lower two thirds of the frame, where the sidewalk and road are.</summary>
    internal float ObjectTop => Height / 3f;

    /// <summary>
    /// Diameter in pixels of an object of the geometric mean area and the mean class outline (about 59 px on the
    /// default frame); a tenth of it is the clutter unit, as for the shape scenes.
    /// </summary>
    internal float TypicalObjectDiameter =>
        (float)(2 * Math.Sqrt(Math.Sqrt(MinObjectArea * MaxObjectArea) * FrameArea / ShapeClass.All.Average(c => c.Area)));

    /// <summary>An object area in pixels, log-uniform between the smallest and largest (small objects are as common per octave as large ones).</summary>
    internal double DrawObjectArea(Random random) =>
        FrameArea * Math.Exp(Math.Log(MinObjectArea) + (Math.Log(MaxObjectArea) - Math.Log(MinObjectArea)) * random.NextDouble());

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting and how to fix it.</summary>
    internal void Validate()
    {
        if (Count < 0) throw Invalid(nameof(Count), $"must not be negative, got {Count}.");
        if (Width < 128) throw Invalid(nameof(Width), $"must be at least 128 pixels, got {Width}.");
        if (Height < 64) throw Invalid(nameof(Height), $"must be at least 64 pixels, got {Height}.");
        if (MinObjects < 1) throw Invalid(nameof(MinObjects), $"must be at least 1, got {MinObjects}.");
        if (MaxObjects < MinObjects) throw Invalid(nameof(MaxObjects), $"({MaxObjects}) must be at least MinObjects ({MinObjects}).");
        if (!(MinObjectArea > 0 && MinObjectArea <= MaxObjectArea))
            throw Invalid(nameof(MinObjectArea), $"must be positive and at most MaxObjectArea ({MaxObjectArea}), got {MinObjectArea}.");
        if (MinObjectArea * FrameArea < 16)
            throw Invalid(nameof(MinObjectArea), $"gives objects of {MinObjectArea * FrameArea:0.#} px on a {Width}x{Height} frame; raise it or the frame size so objects have at least 16 px.");
        // The largest object of the class with the least area per bounding circle (with the largest aspect) must fit the lower two thirds.
        double widest = 2 * Math.Sqrt(MaxObjectArea * FrameArea * PlacedObject.MaxAspect / ShapeClass.All.Min(c => c.Area));
        if (widest > Math.Min(Width, Height - ObjectTop))
            throw Invalid(nameof(MaxObjectArea), $"({MaxObjectArea}) makes objects up to {widest:0} px across, more than the lower two thirds of a {Width}x{Height} frame hold; lower it.");
        if (!(MaxOcclusion >= 0 && MaxOcclusion < 1)) throw Invalid(nameof(MaxOcclusion), $"must be in [0, 1), got {MaxOcclusion}.");
        if (MaxDegreeOfParallelism is < 1) throw Invalid(nameof(MaxDegreeOfParallelism), $"must be at least 1 or null (all cores), got {MaxDegreeOfParallelism}.");
    }

    private static ArgumentException Invalid(string name, string problem) =>
        new($"StreetSceneOptions.{name} {problem}", name);
}
