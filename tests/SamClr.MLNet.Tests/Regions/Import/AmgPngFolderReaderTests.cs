using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Views;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Import;

public class AmgPngFolderReaderTests
{
    private const string Header =
        "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h";

    /// <summary>Writes a 4 x 3 grey PNG, 255 where <paramref name="rows"/> has '1' (rows top to bottom), 0 elsewhere, as amg.py's cv2.imwrite(mask * 255) does.</summary>
    private static void WriteMask(string path, params string[] rows)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(rows[0].Length, rows.Length, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < rows.Length; y++)
            for (int x = 0; x < rows[y].Length; x++)
                bitmap.SetPixel(x, y, rows[y][x] == '1' ? SKColors.White : SKColors.Black);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static string MakeFolder(TempFolder temp, string area0 = "4")
    {
        string folder = Path.Combine(temp.Path, "img");
        Directory.CreateDirectory(folder);
        WriteMask(Path.Combine(folder, "0.png"), "0100", "0101", "0001");
        WriteMask(Path.Combine(folder, "1.png"), "0010", "0110", "0100");
        // Rows as amg.py writes them: id, area, bbox (x, y, w, h), point, predicted_iou, stability_score, crop box (x, y, w, h).
        File.WriteAllText(Path.Combine(folder, "metadata.csv"), string.Join("\n",
            Header,
            $"0,{area0},1,0,2,2,1.5,0.5,0.9812345,0.9634,0,0,4,3",
            "1,4,1,0,1,2,2.0,1.0,0.91,0.97,0,0,4,3"));
        return folder;
    }

    [Fact]
    public void ReadsPngMasksWithTheirMetadata()
    {
        using var temp = new TempFolder();

        var regions = AmgPngFolderReader.Read(MakeFolder(temp), new ImageSize(4, 3));

        Assert.Equal(2, regions.Count);
        // Mask 0 rows 0100 / 0101 / 0001: on pixels (1,0) (1,1) (3,1) (3,2) -> column-major runs [3, 2, 5, 2], area 4,
        // box x [1, 4), y [0, 3).
        Assert.Equal(new[] { 3, 2, 5, 2 }, regions[0].Mask.Counts);
        Assert.Equal(new CropBox(1, 0, 4, 3), regions[0].Box);
        Assert.Equal(0.9812345f, regions[0].PredictedIou);
        Assert.Equal(0.9634f, regions[0].StabilityScore);
        Assert.Equal((1.5f, 0.5f), regions[0].Point);
        Assert.Equal(new CropBox(0, 0, 4, 3), regions[0].CropBox);
        // Mask 1 rows 0010 / 0110 / 0100: on pixels (2,0) (1,1) (2,1) (1,2) -> runs [4, 4, 4] (x1 rows 1-2, x2 rows 0-1).
        Assert.Equal(new[] { 4, 4, 4 }, regions[1].Mask.Counts);
        Assert.Equal(new CropBox(1, 0, 3, 3), regions[1].Box);
    }

    [Fact]
    public void SizeMismatchWrongAreaBadHeaderAndMissingPngAreErrors()
    {
        using var temp = new TempFolder();
        string folder = MakeFolder(temp, area0: "7");

        Assert.Contains("area is 7", Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder)).Message);
        var warnings = new ImportWarnings();
        Assert.Equal(2, AmgPngFolderReader.Read(folder, areaCheck: AmgAreaCheck.Warn, warnings: warnings).Count);
        Assert.Equal(1, warnings.AreaMismatches);

        File.WriteAllText(Path.Combine(folder, "metadata.csv"), Header + "\n0,4,1,0,2,2,1.5,0.5,0.98,0.96,0,0,4,3");
        var size = Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder, new ImageSize(3, 4)));
        Assert.Contains("0.png", size.Message);

        File.WriteAllText(Path.Combine(folder, "metadata.csv"), Header + "\n5,4,1,0,2,2,1.5,0.5,0.98,0.96,0,0,4,3");
        Assert.Contains("5.png", Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder)).Message);

        File.WriteAllText(Path.Combine(folder, "metadata.csv"), "id,area\n0,4");
        Assert.Contains("metadata header", Assert.Throws<InvalidDataException>(() => AmgPngFolderReader.Read(folder)).Message);
    }

    [Fact]
    public void MirroredLookupFallsBackToThePngFolder()
    {
        using var temp = new TempFolder();
        MakeFolder(temp);
        var warnings = new ImportWarnings();

        var regions = AmgMaskFolder.Load(Path.Combine(temp.Path, "images"), temp.Path, Path.Combine(temp.Path, "images", "img.jpg"),
            new ImageSize(4, 3), warnings);

        Assert.Equal(2, regions.Count);
        Assert.Equal(0, warnings.Count);
    }
}
