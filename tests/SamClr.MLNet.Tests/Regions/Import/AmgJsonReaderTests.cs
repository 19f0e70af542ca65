using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Import;

public class AmgJsonReaderTests
{
    // Both masks are 4 wide, 3 high; pixels run column-major (down x0, then down x1, ...). The compressed string of
    // record 0 is derived by hand next to TwoRecords.
    [Fact]
    public void ReadsCompressedAndUncompressedRecordsWithHandCheckedAreasAndBoxes()
    {
        using var folder = new TempFolder();
        string path = folder.Write("a.json", TwoRecords);

        var regions = AmgJsonReader.Read(path, new ImageSize(4, 3));

        Assert.Equal(2, regions.Count);
        // Record 0: runs [3, 2, 5, 2]: x0 rows 0-2 off (3); x1 rows 0-1 on (2); x1 row 2, x2 rows 0-2, x3 row 0 off (5);
        // x3 rows 1-2 on (2). On pixels (1,0) (1,1) (3,1) (3,2): area 4, box x 1..3 -> [1, 4), y 0..2 -> [0, 3).
        Assert.Equal(new[] { 3, 2, 5, 2 }, regions[0].Mask.Counts);
        Assert.Equal(4, regions[0].Area);
        Assert.Equal(new CropBox(1, 0, 4, 3), regions[0].Box);
        Assert.Equal(0.97f, regions[0].PredictedIou);
        Assert.Equal(0.96f, regions[0].StabilityScore);
        Assert.Equal((1.5f, 0.5f), regions[0].Point);
        Assert.Equal(new CropBox(0, 0, 4, 3), regions[0].CropBox);
        // Record 1: uncompressed runs [4, 4, 4]: x0 rows 0-2 and x1 row 0 off (4); x1 rows 1-2, x2 rows 0-1 on (4);
        // the rest off. On pixels (1,1) (1,2) (2,0) (2,1): area 4, box x [1, 3), y [0, 3).
        Assert.Equal(new[] { 4, 4, 4 }, regions[1].Mask.Counts);
        Assert.Equal(4, regions[1].Area);
        Assert.Equal(new CropBox(1, 0, 3, 3), regions[1].Box);
        Assert.True(regions[1].Mask.Decode()[2, 0]);
        Assert.False(regions[1].Mask.Decode()[1, 0]);
        Assert.True(float.IsNaN(regions[1].PredictedIou)); // null in the file
        Assert.Null(regions[1].Point); // point_coords absent
        Assert.Equal(new CropBox(1, 1, 3, 3), regions[1].CropBox); // [1, 1, 2, 2] as x, y, w, h
    }

    // Runs [3, 2, 5, 2] compressed by hand: index 0 -> 3, index 1 -> 2, index 2 -> 5 (stored as-is, differences start at
    // index 3), index 3 -> 2 - runs[1] = 2 - 2 = 0. Each value fits one 5-bit group without the sign bit:
    // 3+48 = '3', 2+48 = '2', 5+48 = '5', 0+48 = '0' -> "3250".
    private const string TwoRecords = """
        [
          {"segmentation": {"size": [3, 4], "counts": "3250"}, "area": 4, "bbox": [1, 0, 2, 2],
           "predicted_iou": 0.97, "point_coords": [[1.5, 0.5]], "stability_score": 0.96, "crop_box": [0, 0, 4, 3]},
          {"segmentation": {"size": [3, 4], "counts": [4, 4, 4]}, "area": 4, "bbox": [1, 0, 1, 2],
           "predicted_iou": null, "stability_score": 0.5, "crop_box": [1, 1, 2, 2]}
        ]
        """;

    [Fact]
    public void MaskOfAnotherSizeThanTheImageIsAnErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        string path = folder.Write("sized.json", TwoRecords);

        var error = Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(path, new ImageSize(8, 6)));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 0", error.Message);
        Assert.Contains("4x3", error.Message);
        Assert.Contains("8x6", error.Message);
    }

    [Fact]
    public void MasksThatDisagreeInSizeAreAnErrorWhenNoImageSizeIsGiven()
    {
        using var folder = new TempFolder();
        string path = folder.Write("mixed.json", """
            [{"segmentation": {"size": [3, 4], "counts": [12]}},
             {"segmentation": {"size": [4, 3], "counts": [12]}}]
            """);

        var error = Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(path));

        Assert.Contains("record 1", error.Message);
    }

    [Theory]
    [InlineData("""{"size": [3, 5], "counts": "3250"}""")]   // runs sum to 12, not 3 x 5 = 15
    [InlineData("""{"size": [3, 4], "counts": "3 2"}""")]    // ' ' is not an RLE character
    [InlineData("""{"size": [3, 4], "counts": [4, -4, 12]}""")] // negative run
    [InlineData("""{"size": [3, 4], "counts": true}""")]     // neither string nor list
    [InlineData("""{"size": [3], "counts": [12]}""")]        // size is not [h, w]
    public void InvalidRleIsAnErrorNamingTheFileAndRecord(string segmentation)
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.json",
            "[{\"segmentation\": {\"size\": [3, 4], \"counts\": [12]}}, {\"segmentation\": " + segmentation + "}]");

        var error = Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("record 1", error.Message);
    }

    [Fact]
    public void JsonThatIsNotARecordListIsAnError()
    {
        using var folder = new TempFolder();
        string single = folder.Write("object.json", """{"segmentation": {"size": [3, 4], "counts": [12]}}""");
        string notObjects = folder.Write("numbers.json", "[1, 2]");
        string broken = folder.Write("broken.json", "[{\"segmentation\": ");

        Assert.Contains("not a list of mask records", Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(single)).Message);
        var second = Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(notObjects));
        Assert.Contains("record 0", second.Message);
        Assert.Contains(notObjects, second.Message);
        Assert.Contains(broken, Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(broken)).Message);
    }

    [Fact]
    public void WrongAreaIsAnErrorByDefaultAndACountedWarningOnRequest()
    {
        using var folder = new TempFolder();
        // Runs [4, 4, 4] have area 4; the record claims 5.
        string path = folder.Write("area.json", """[{"segmentation": {"size": [3, 4], "counts": [4, 4, 4]}, "area": 5}]""");

        var error = Assert.Throws<InvalidDataException>(() => AmgJsonReader.Read(path));
        Assert.Contains("area is 5 but the mask has 4 pixels", error.Message);

        var warnings = new ImportWarnings();
        var regions = AmgJsonReader.Read(path, areaCheck: AmgAreaCheck.Warn, warnings: warnings);
        Assert.Equal(4, regions[0].Area);
        Assert.Equal(1, warnings.AreaMismatches);
        Assert.Equal(1, warnings.Count);
    }

    [Fact]
    public void EmptyListIsACountedWarning()
    {
        using var folder = new TempFolder();
        string path = folder.Write("empty.json", "[]");
        var warnings = new ImportWarnings();

        Assert.Empty(AmgJsonReader.Read(path, warnings: warnings));
        Assert.Equal(1, warnings.EmptyRegionLists);
    }
}
