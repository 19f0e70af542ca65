using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Import;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Import;

public class AmgMaskFolderTests
{
    [Fact]
    public void MirrorsTheImageTreeWithJsonFilesAndPngFolders()
    {
        string images = Path.Combine("data", "images"), masks = Path.Combine("data", "masks");
        string image = Path.Combine(images, "a", "b.png");

        Assert.Equal(Path.GetFullPath(Path.Combine(masks, "a", "b.json")), Path.GetFullPath(AmgMaskFolder.PathFor(images, masks, image)));
        Assert.Equal(Path.GetFullPath(Path.Combine(masks, "a", "b")), Path.GetFullPath(AmgMaskFolder.FolderFor(images, masks, image)));
        Assert.Equal(Path.GetFullPath(Path.Combine(masks, "top.json")),
            Path.GetFullPath(AmgMaskFolder.PathFor(images, masks, Path.Combine(images, "top.jpeg"))));
        Assert.Throws<ArgumentException>(() => AmgMaskFolder.PathFor(images, masks, Path.Combine("data", "other", "c.png")));
    }

    [Fact]
    public void LoadsTheMirroredJsonAndCountsMissingFilesAsWarnings()
    {
        using var folder = new TempFolder();
        string images = Path.Combine(folder.Path, "images"), masks = Path.Combine(folder.Path, "masks");
        folder.Write(Path.Combine("masks", "a", "b.json"), """[{"segmentation": {"size": [3, 4], "counts": [4, 4, 4]}, "area": 4}]""");
        var warnings = new ImportWarnings();

        var found = AmgMaskFolder.Load(images, masks, Path.Combine(images, "a", "b.png"), new ImageSize(4, 3), warnings);
        var missing = AmgMaskFolder.Load(images, masks, Path.Combine(images, "a", "c.png"), new ImageSize(4, 3), warnings);

        Assert.Single(found);
        Assert.Equal(4, found[0].Area);
        Assert.Empty(missing);
        Assert.Equal(1, warnings.MissingMaskFiles);
        Assert.Contains("c.png", Assert.Single(warnings.Messages));
    }

    [Fact]
    public void MasksOfAnExifRotatedPhotoAreRefusedBecauseAmgPySegmentedItRotated()
    {
        using var folder = new TempFolder();
        string images = Path.Combine(folder.Path, "images"), masks = Path.Combine(folder.Path, "masks");
        folder.Write(Path.Combine("masks", "p.json"), """[{"segmentation": {"size": [4, 8], "counts": [16, 16]}, "area": 16}]""");
        var jpeg = SamClr.MLNet.Tests.Data.TestImages.Encode(8, 4, (_, _) => SkiaSharp.SKColors.Gray, SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        string photo = Path.Combine(images, "p.jpg");
        Directory.CreateDirectory(images);
        File.WriteAllBytes(photo, SamClr.MLNet.Tests.Data.TestImages.WithExifOrientation(jpeg, 3));

        var error = Assert.Throws<InvalidDataException>(() => AmgMaskFolder.Load(images, masks, photo, null, new ImportWarnings()));
        Assert.Contains(photo, error.Message);
        Assert.Contains("EXIF orientation", error.Message);

        File.WriteAllBytes(photo, jpeg); // the same photo with the rotation written into its pixels loads
        Assert.Single(AmgMaskFolder.Load(images, masks, photo, null, new ImportWarnings()));
    }
}
