using SamClr.MLNet.Data;
using SkiaSharp;

namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Reads the default output of SAM's <c>scripts/amg.py</c> (without <c>--convert-to-rle</c>) for one image: a folder
/// holding <c>0.png</c>, <c>1.png</c>, … (one binary mask each, 0 outside and 255 inside) and <c>metadata.csv</c>, whose
/// row with id i describes <c>i.png</c>. Regions come back in the order of the csv rows. A mask pixel is inside when its
/// 8-bit grey level (any channel, for a colour PNG) is at least 128. The stated area is checked against the mask
/// (<see cref="AmgAreaCheck"/>) and every mask must have the image's size.
/// </summary>
public static class AmgPngFolderReader
{
    /// <summary>The metadata file amg.py writes in each image's mask folder.</summary>
    public const string MetadataFileName = "metadata.csv";

    /// <summary>Reads the masks in <paramref name="folder"/>.</summary>
    /// <param name="folder">One image's mask folder.</param>
    /// <param name="imageSize">The size of the image the masks belong to (its original size); null to only require that all masks agree.</param>
    /// <param name="areaCheck">What a wrong <c>area</c> does; <see cref="AmgAreaCheck.Error"/> by default.</param>
    /// <param name="warnings">Counts tolerated problems (an empty folder, an area mismatch under <see cref="AmgAreaCheck.Warn"/>); null to not count them.</param>
    /// <exception cref="InvalidDataException">metadata.csv is missing or malformed, a PNG is missing or not decodable, a mask has the wrong size, or (by default) an area is wrong.</exception>
    public static IReadOnlyList<Region> Read(string folder, ImageSize? imageSize = null, AmgAreaCheck areaCheck = AmgAreaCheck.Error,
        ImportWarnings? warnings = null)
    {
        string metadataPath = Path.Combine(folder, MetadataFileName);
        if (!File.Exists(metadataPath))
            throw new InvalidDataException($"Mask folder '{folder}' has no {MetadataFileName}; expected the folder amg.py writes per image (0.png, 1.png, …, {MetadataFileName}).");
        var rows = AmgMetadataCsv.Read(metadataPath);
        var regions = new List<Region>(rows.Count);
        ImageSize? firstSeen = null;
        foreach (var row in rows)
        {
            string png = Path.Combine(folder, $"{row.Id}.png");
            var mask = CocoRle.Encode(DecodeMask(png, imageSize ?? firstSeen));
            AmgRecordChecks.Size(png, row.Id, mask, imageSize, ref firstSeen);
            AmgRecordChecks.Area(png, row.Id, mask, row.Area, areaCheck, warnings);
            regions.Add(new Region(mask, row.PredictedIou, row.StabilityScore, row.Point, row.CropBox));
        }
        if (regions.Count == 0)
            warnings?.EmptyRegionList($"Mask folder '{folder}' holds no regions; the image trains on the whole image.");
        return regions;
    }

    /// <summary>Decodes one mask; its declared size is checked against <paramref name="expected"/> and the pixel cap before any pixel is allocated.</summary>
    private static BinaryMask DecodeMask(string path, ImageSize? expected)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"Mask '{path}' is listed in {MetadataFileName} but does not exist; the mask folder is incomplete, run amg.py again.");
        using var codec = SKCodec.Create(path)
            ?? throw new InvalidDataException($"Mask '{path}' is not a readable image; expected a binary mask PNG from amg.py.");
        var declared = codec.Info;
        if (expected is { } size && (declared.Width != size.Width || declared.Height != size.Height))
            throw new InvalidDataException(
                $"Mask '{path}' declares {declared.Width}x{declared.Height} pixels but the image (or the first mask) is {size.Width}x{size.Height}; the mask folder belongs to another image.");
        if ((long)declared.Width * declared.Height > ImageDecoder.MaxPixels)
            throw new InvalidDataException(
                $"Mask '{path}' declares {declared.Width}x{declared.Height} pixels, more than the {ImageDecoder.MaxPixels} a mask or image may have; it was not decoded.");
        var info = new SKImageInfo(declared.Width, declared.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new InvalidDataException($"Mask '{path}' could not be decoded ({result}); the PNG is truncated or corrupt.");
        var pixels = bitmap.GetPixelSpan();
        var bits = new bool[info.Width * info.Height];
        for (int i = 0; i < bits.Length; i++)
            bits[i] = Math.Max(pixels[4 * i], Math.Max(pixels[4 * i + 1], pixels[4 * i + 2])) >= 128;
        return new BinaryMask(info.Width, info.Height, bits);
    }
}
