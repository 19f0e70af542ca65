using SamClr.MLNet.Data;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class ImageFolderReaderTests
{
    private static int At(ImageSet set, int image, int c, int x, int y) => set.Image(image)[(c * set.Height + y) * set.Width + x];

    /// <summary>
    /// train/cat: a.png (8x8 gray, value 10x + y), bad.png (random bytes);
    /// train/dog: b.png (8x8 RGBA, opaque, R = 30x, G = 20y, B = 7), empty.jpg (0 bytes), notes.jpg (text), sub/c.jpg (16x8 uniform 40,160,220);
    /// val/cat: v.png (8x8 gray 99); val/dog: empty; train/readme.txt is not an image.
    /// </summary>
    private static void WriteImageNetteLike(TempDirectory dir)
    {
        File.WriteAllBytes(dir.File("train", "cat", "a.png"), TestImages.EncodeGray(8, 8, (x, y) => (byte)(10 * x + y)));
        File.WriteAllBytes(dir.File("train", "cat", "bad.png"), Enumerable.Range(0, 64).Select(i => (byte)(i * 37 + 11)).ToArray());
        File.WriteAllBytes(dir.File("train", "dog", "b.png"), TestImages.Encode(8, 8, (x, y) => new SKColor((byte)(30 * x), (byte)(20 * y), 7)));
        File.WriteAllBytes(dir.File("train", "dog", "empty.jpg"), Array.Empty<byte>());
        File.WriteAllText(dir.File("train", "dog", "notes.jpg"), "not really a JPEG");
        File.WriteAllBytes(dir.File("train", "dog", "sub", "c.jpg"), TestImages.Encode(16, 8, (_, _) => new SKColor(40, 160, 220), SKEncodedImageFormat.Jpeg, 95));
        File.WriteAllText(dir.File("train", "readme.txt"), "ignored");
        File.WriteAllBytes(dir.File("val", "cat", "v.png"), TestImages.EncodeGray(8, 8, (_, _) => 99));
        Directory.CreateDirectory(dir.File("val", "dog"));
    }

    [Fact]
    public void LabelledFoldersSkipBadImagesAndDecodeGoodOnes()
    {
        using var dir = new TempDirectory();
        WriteImageNetteLike(dir);
        var warnings = new List<string>();
        var set = ImageFolderReader.ReadLabelled(dir.Path, 8, DataSplit.Train, warn: warnings.Add, maxDegreeOfParallelism: 2);

        Assert.Equal(new[] { "cat", "dog" }, set.ClassNames);
        Assert.Equal(3, set.Count);
        Assert.Equal(3, set.Skipped);
        Assert.Equal(new[] { 0, 1, 1 }, set.Labels); // a.png, b.png, sub/c.jpg in ordinal path order
        Assert.Equal(new[] { "a.png", "b.png", "c.jpg" }, set.Sources!.Select(Path.GetFileName));
        Assert.Equal(3, warnings.Count);
        Assert.Contains("bad.png", warnings[0]);
        Assert.Contains("empty.jpg", warnings[1]);
        Assert.Contains("empty (0 bytes)", warnings[1]);
        Assert.Contains("notes.jpg", warnings[2]);

        // Gray PNG, exact: (x=5, y=3) = 10*5 + 3 = 53 in all channels.
        Assert.Equal(53, At(set, 0, 0, 5, 3));
        Assert.Equal(53, At(set, 0, 2, 5, 3));
        // RGBA PNG, exact: (x=4, y=6) = (120, 120, 7).
        Assert.Equal(120, At(set, 1, 0, 4, 6));
        Assert.Equal(120, At(set, 1, 1, 4, 6));
        Assert.Equal(7, At(set, 1, 2, 4, 6));
        // 16x8 JPEG on an 8 canvas: 8x4, colour approximately kept, rows 4..7 zero.
        Assert.Equal(new ImageSize(8, 4), set.Sizes[2]);
        Assert.InRange(At(set, 2, 0, 3, 2), 34, 46);
        Assert.InRange(At(set, 2, 1, 3, 2), 154, 166);
        Assert.InRange(At(set, 2, 2, 3, 2), 214, 226);
        Assert.Equal(0, At(set, 2, 1, 3, 5));

        var val = ImageFolderReader.ReadLabelled(dir.Path, 8, DataSplit.Test);
        Assert.Equal(new[] { "cat", "dog" }, val.ClassNames);
        Assert.Equal(new[] { 0 }, val.Labels);
        Assert.Equal(99, At(val, 0, 1, 7, 7));
        Assert.Throws<ArgumentException>(() => ImageFolderReader.ReadLabelled(dir.Path, 8));
    }

    [Fact]
    public void UnlabelledTreesAreReadRecursively()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("leftImg8bit", "train", "aachen", "a_leftImg8bit.png"), TestImages.Encode(4, 2, (_, _) => new SKColor(1, 2, 3)));
        File.WriteAllBytes(dir.File("leftImg8bit", "train", "bremen", "b_leftImg8bit.PNG"), TestImages.Encode(2, 4, (_, _) => new SKColor(4, 5, 6)));
        File.WriteAllText(dir.File("leftImg8bit", "train", "license.txt"), "ignored");
        var set = ImageFolderReader.ReadUnlabelled(dir.File("leftImg8bit", "train"), 4);
        Assert.Equal(2, set.Count);
        Assert.Null(set.Labels);
        Assert.Equal(new ImageSize(4, 2), set.Sizes[0]);
        Assert.Equal(new ImageSize(2, 4), set.Sizes[1]);
        Assert.Equal(6, At(set, 1, 2, 1, 3));
        Assert.Equal(0, At(set, 1, 2, 2, 3));
    }

    [Fact]
    public void EmptyFoldersNameTheFolderAndTheExtensions()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("only-text", "readme.txt"), "no images here");
        var unlabelled = Assert.Throws<InvalidDataException>(() => ImageFolderReader.ReadUnlabelled(dir.Path, 8));
        Assert.Contains(dir.Path, unlabelled.Message);
        Assert.Contains(".jpg", unlabelled.Message);
        Assert.Contains(".png", unlabelled.Message);

        var labelled = Assert.Throws<InvalidDataException>(() => ImageFolderReader.ReadLabelled(dir.Path, 8));
        Assert.Contains(dir.Path, labelled.Message);
        Assert.Contains(".webp", labelled.Message);

        var allBad = dir.File("bad", "x.png");
        File.WriteAllText(allBad, "text");
        var none = Assert.Throws<InvalidDataException>(() => ImageFolderReader.ReadUnlabelled(Path.GetDirectoryName(allBad)!, 8));
        Assert.Contains("None of the 1", none.Message);
        Assert.Contains("x.png", none.Message);
    }

    [Fact]
    public void LinkedSubFoldersAreNotFollowedSoLoopsEndAndImagesAreNotRepeated()
    {
        using var dir = new TempDirectory();
        string cat = Path.GetDirectoryName(dir.File("train", "cat", "a.png"))!;
        File.WriteAllBytes(Path.Combine(cat, "a.png"), TestImages.EncodeGray(8, 8, (_, _) => 1));
        File.CreateSymbolicLink(Path.Combine(cat, "b.png"), Path.Combine(cat, "a.png")); // a linked file is an image like any other
        Directory.CreateSymbolicLink(Path.Combine(cat, "loop"), dir.Path); // would recurse for ever
        Directory.CreateSymbolicLink(dir.File("train", "cat2"), cat); // would count train/cat twice

        Assert.Equal(new[] { Path.Combine(cat, "a.png"), Path.Combine(cat, "b.png") }, ImageFolderReader.FindImages(dir.Path));

        var warnings = new List<string>();
        var set = ImageFolderReader.ReadLabelled(dir.File("train"), 8, warn: warnings.Add);
        Assert.Equal(new[] { "cat" }, set.ClassNames);
        Assert.Equal(2, set.Count);
        Assert.Contains(warnings, w => w.Contains("cat2") && w.Contains("not followed"));
    }
}
