namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// What to do when a record's <c>area</c> differs from the pixel count of its decoded mask. SAM's generator computes
/// <c>area</c> from the very RLE it saves, so a difference means the file was edited or damaged.
/// </summary>
public enum AmgAreaCheck
{
    /// <summary>Refuse the file with an <see cref="InvalidDataException"/> naming the file and record (the default).</summary>
    Error,

    /// <summary>Count an <see cref="ImportWarnings.AreaMismatches"/> warning and keep the region with the mask's own area.</summary>
    Warn,
}
