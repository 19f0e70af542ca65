using SamClr.MLNet.Regions;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Reads <c>--min-area A</c> and <c>--box-scale S</c>, the region selection every command that samples regions shares.
/// The defaults are <see cref="RegionSelectionOptions"/>'s (the paper's: 1000 px of the original image, boxes x1.3)
/// unless a command passes its own minimum area (the small built-in shape scenes use 100 px).
/// </summary>
internal static class RegionArguments
{
    /// <summary>The selection the command line asks for; <paramref name="defaultMinArea"/> replaces the library's default minimum area when given.</summary>
    public static RegionSelectionOptions Selection(CommandLineArguments args, double? defaultMinArea = null)
    {
        var defaults = new RegionSelectionOptions();
        return defaults with
        {
            MinArea = args.Double("min-area", defaultMinArea ?? defaults.MinArea),
            BoxScale = args.Double("box-scale", defaults.BoxScale),
        };
    }
}
