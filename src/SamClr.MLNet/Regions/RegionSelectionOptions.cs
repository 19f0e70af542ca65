namespace SamClr.MLNet.Regions;

/// <summary>
/// How SAMCLR turns an image's regions into the boxes its views are sampled from: keep the coarsest regions
/// (<see cref="Containment"/>), drop small ones (<see cref="MinArea"/>), enlarge each box (<see cref="BoxScale"/>).
/// The defaults are the paper's; <see cref="AuthorsCode"/> gives the values of the authors' released code.
/// </summary>
public sealed record RegionSelectionOptions
{
    private readonly double _minArea = 1000;
    private readonly double _boxScale = 1.3;
    private readonly double _containment = RegionHierarchy.DefaultContainment;
    private readonly int _maxRegions = 4096;

    /// <summary>
    /// The settings of the SAMCLR authors' code: regions kept when their area is above 600 px (so
    /// <see cref="MinArea"/> = 601 with this type's "at least" rule), boxes enlarged by 2.0, containment 0.9.
    /// </summary>
    public static RegionSelectionOptions AuthorsCode => new() { MinArea = 601, BoxScale = 2.0 };

    /// <summary>
    /// The smallest area a region must have to be kept, in pixels of the original image: regions with
    /// <c>Area &gt;= MinArea</c> stay. Default 1000 (the paper drops regions below 1000 px; the authors' code keeps those
    /// above 600). SamRegionSample (<see cref="RegionSelection.CandidateBoxesInImage"/>) converts it to the frame the
    /// masks were made in; <see cref="RegionSelection.CandidateBoxes"/> alone applies it in the masks' own pixels.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative or non-finite value.</exception>
    public double MinArea
    {
        get => _minArea;
        init => _minArea = value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MinArea), value, "The minimum region area must be finite and 0 or more (the paper uses 1000 px).");
    }

    /// <summary>
    /// The factor c by which each kept region's box grows in width and height about its centre before clipping to the
    /// image. Default 1.3 (the paper; the authors' code used 2.0).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and above 0.</exception>
    public double BoxScale
    {
        get => _boxScale;
        init => _boxScale = value > 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(BoxScale), value, "The box enlargement factor must be finite and above 0 (the paper uses 1.3).");
    }

    /// <summary>
    /// The fraction of a region's own area that must lie inside a bigger kept region for it to count as contained
    /// (strictly greater). Default 0.9 (the paper and the authors' code). See <see cref="RegionHierarchy.Coarsest"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside [0, 1].</exception>
    public double Containment
    {
        get => _containment;
        init => _containment = value >= 0 && value <= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Containment), value, "The containment threshold must lie in [0, 1] (default 0.9).");
    }

    /// <summary>
    /// The most regions one image may bring to the coarsest-region pass, which compares regions pairwise (quadratic):
    /// an image with more is refused with an error naming the count before the pass starts. Default 4096, above what
    /// SAM's automatic mask generator returns at its defaults (32 x 32 points x 3 masks before de-duplication = 3072).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public int MaxRegions
    {
        get => _maxRegions;
        init => _maxRegions = value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxRegions), value, "The region cap must be at least 1 (default 4096).");
    }

    /// <summary>
    /// A copy whose <see cref="MinArea"/> is multiplied by <paramref name="areaScale"/>. The paper's 1000 px refers to
    /// the image as SAM saw it; when that image was resized by a factor s onto the canvas, regions are measured in canvas
    /// pixels, so pass s² (for example 0.25 when a 1024-pixel image became 512 pixels).
    /// </summary>
    /// <param name="areaScale">The ratio of canvas area to original image area, finite and above 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="areaScale"/> is not finite and above 0.</exception>
    public RegionSelectionOptions ScaledTo(double areaScale)
    {
        if (!(areaScale > 0) || !double.IsFinite(areaScale))
            throw new ArgumentOutOfRangeException(nameof(areaScale), areaScale,
                "The area scale is the canvas area over the original image area and must be finite and above 0.");
        return this with { MinArea = MinArea * areaScale };
    }
}
