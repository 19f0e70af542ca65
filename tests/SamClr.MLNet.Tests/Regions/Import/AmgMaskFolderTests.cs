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
}
