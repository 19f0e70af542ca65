namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// <c>--min-area A</c> and <c>--box-scale S</c>, the region selection of every command that samples regions. The
/// defaults are <see cref="RegionSelectionOptions"/>'s (the paper's: 1000 px of the original image, boxes x1.3) unless
/// a command gives its own minimum area (the small built-in shape scenes use 100 px).
/// </summary>
internal sealed class RegionOptionGroup
{
    private static readonly RegionSelectionOptions Defaults = new();
    private readonly Option<double?> _minArea;
    private readonly Option<double> _boxScale = CliOption.Double("--box-scale", Defaults.BoxScale,
        "Each chosen region's bounding box is enlarged by this factor before the views are cut from it.", above: 0);

    /// <param name="minArea">The default minimum area; null when it depends on other options, described by <paramref name="minAreaNote"/>.</param>
    /// <param name="minAreaNote">Where the default comes from when <paramref name="minArea"/> is null.</param>
    public RegionOptionGroup(double? minArea = null, string? minAreaNote = null)
    {
        const string description = "Smallest region (pixels of the original image) a view may be cut from; coarsest regions of at least this area are chosen.";
        double? fixedDefault = minAreaNote is null ? minArea ?? Defaults.MinArea : null;
        _minArea = CliOption.OptionalDouble("--min-area", minAreaNote is null ? description : $"{description} Default: {minAreaNote}.", above: 0, orEqual: true);
        if (fixedDefault is double value) _minArea.DefaultValueFactory = _ => value;
    }

    public void AddTo(Command command)
    {
        command.Add(_minArea);
        command.Add(_boxScale);
    }

    /// <summary>The selection the command line asks for; <paramref name="minArea"/> stands in for a minimum area that depends on other options.</summary>
    public RegionSelectionOptions Selection(ParseResult parse, double? minArea = null) => Defaults with
    {
        MinArea = parse.GetValue(_minArea) ?? minArea ?? Defaults.MinArea,
        BoxScale = parse.GetValue(_boxScale),
    };
}
