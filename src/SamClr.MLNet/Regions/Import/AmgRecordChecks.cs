using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Import;

/// <summary>The checks every amg.py import applies to a decoded mask: its size against the image and its stated area.</summary>
internal static class AmgRecordChecks
{
    /// <summary>Throws when the mask's size differs from <paramref name="expected"/> (or, with none given, from the file's first mask).</summary>
    public static void Size(string file, int record, CocoRle mask, ImageSize? expected, ref ImageSize? firstSeen)
    {
        var reference = expected ?? firstSeen;
        if (reference is { } size && (size.Width != mask.Width || size.Height != mask.Height))
        {
            string against = expected.HasValue ? "its image is" : "the file's first mask is";
            throw new InvalidDataException(
                $"Mask file '{file}', record {record}: the mask is {mask.Width}x{mask.Height} (width x height) but {against} {size.Width}x{size.Height}. " +
                "The masks were made from another image or a resized copy; run amg.py again on the original image.");
        }
        firstSeen ??= new ImageSize(mask.Width, mask.Height);
    }

    /// <summary>Applies <paramref name="check"/> when the stated area differs from the mask's.</summary>
    public static void Area(string file, int record, CocoRle mask, long? statedArea, AmgAreaCheck check, ImportWarnings? warnings)
    {
        if (statedArea is not { } stated || stated == mask.Area) return;
        string message = $"Mask file '{file}', record {record}: area is {stated} but the mask has {mask.Area} pixels";
        if (check == AmgAreaCheck.Error)
            throw new InvalidDataException(message + "; the file was edited or damaged. Regenerate it, or import with AmgAreaCheck.Warn to use the mask's area.");
        warnings?.AreaMismatch(message + "; using the mask's area.");
    }
}
