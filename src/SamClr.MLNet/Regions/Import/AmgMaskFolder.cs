using SamClr.MLNet.Data;
using SkiaSharp;

namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Finds an image's amg.py masks in a folder tree that mirrors the image tree: the image <c>images/a/b.png</c> has its
/// masks at the same relative path under the mask root with the extension replaced — <c>masks/a/b.json</c>
/// (<c>--convert-to-rle</c> output, <see cref="PathFor"/>) or the PNG folder <c>masks/a/b/</c> (amg.py's default output,
/// <see cref="FolderFor"/>). For images directly in the image root this is exactly where amg.py itself writes (it names
/// each output after the image's file name without extension); for nested trees, run amg.py once per sub-folder with
/// the matching output folder.
/// </summary>
public static class AmgMaskFolder
{
    /// <summary>The JSON mask file of <paramref name="imagePath"/>: <paramref name="maskRoot"/>/relative/path/name.json.</summary>
    /// <exception cref="ArgumentException"><paramref name="imagePath"/> is not inside <paramref name="imageRoot"/>.</exception>
    public static string PathFor(string imageRoot, string maskRoot, string imagePath) => FolderFor(imageRoot, maskRoot, imagePath) + ".json";

    /// <summary>The PNG mask folder of <paramref name="imagePath"/>: <paramref name="maskRoot"/>/relative/path/name.</summary>
    /// <exception cref="ArgumentException"><paramref name="imagePath"/> is not inside <paramref name="imageRoot"/>.</exception>
    public static string FolderFor(string imageRoot, string maskRoot, string imagePath)
    {
        ArgumentNullException.ThrowIfNull(maskRoot);
        string relative = Path.GetRelativePath(Path.GetFullPath(imageRoot), Path.GetFullPath(imagePath));
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            throw new ArgumentException($"Image '{imagePath}' is not inside the image folder '{imageRoot}'.", nameof(imagePath));
        string directory = Path.GetDirectoryName(relative) ?? "";
        return Path.Combine(maskRoot, directory, Path.GetFileNameWithoutExtension(relative));
    }

    /// <summary>
    /// The regions of <paramref name="imagePath"/> from its mirrored JSON file, else its mirrored PNG folder. When neither
    /// exists the image is counted in <see cref="ImportWarnings.MissingMaskFiles"/> and an empty list comes back: the image
    /// then trains on the whole image (the paper's fallback when an image has no usable region).
    /// </summary>
    /// <param name="imageRoot">The root of the image tree.</param>
    /// <param name="maskRoot">The root of the mirrored mask tree.</param>
    /// <param name="imagePath">The image file.</param>
    /// <param name="imageSize">The image's original size, which every mask must have; null to read it from the image file's header.</param>
    /// <param name="warnings">Counts missing files, empty lists and tolerated area mismatches.</param>
    /// <param name="areaCheck">What a wrong <c>area</c> does; <see cref="AmgAreaCheck.Error"/> by default.</param>
    /// <exception cref="InvalidDataException">
    /// A mask file exists but is invalid (see <see cref="AmgJsonReader"/> and <see cref="AmgPngFolderReader"/>), or the image
    /// carries an EXIF rotation: amg.py (OpenCV) segmented it rotated, while training reads the stored pixels.
    /// </exception>
    public static IReadOnlyList<Region> Load(string imageRoot, string maskRoot, string imagePath, ImageSize? imageSize,
        ImportWarnings warnings, AmgAreaCheck areaCheck = AmgAreaCheck.Error)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        string json = PathFor(imageRoot, maskRoot, imagePath);
        string folder = FolderFor(imageRoot, maskRoot, imagePath);
        bool hasJson = File.Exists(json), hasFolder = File.Exists(Path.Combine(folder, AmgPngFolderReader.MetadataFileName));
        if (!hasJson && !hasFolder)
        {
            warnings.MissingMaskFile($"No masks for image '{imagePath}' (looked for '{json}' and '{folder}{Path.DirectorySeparatorChar}{AmgPngFolderReader.MetadataFileName}'); it trains on the whole image.");
            return Array.Empty<Region>();
        }
        if (ImageDecoder.HasExifRotation(imagePath))
            throw new InvalidDataException(
                $"Image '{imagePath}' carries an EXIF orientation: amg.py's OpenCV reading segmented it rotated, but training reads the pixels as stored " +
                "(as ML.NET's LoadImages does), so its masks would not line up. Write the rotation into the pixels (e.g. `mogrify -auto-orient`) and run amg.py again.");
        var size = imageSize ?? ImageDecoder.ReadSize(imagePath);
        return hasJson
            ? AmgJsonReader.Read(json, size, areaCheck, warnings)
            : AmgPngFolderReader.Read(folder, size, areaCheck, warnings);
    }
}
