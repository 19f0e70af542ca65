using SamClr.MLNet.Data;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Data;

public class DecodedImageCacheTests
{
    [Fact]
    public void DecodesOnceAndKeysOnTheCanvasSize()
    {
        using var dir = new TempDirectory();
        var file = dir.File("img", "a.png");
        File.WriteAllBytes(file, TestImages.Encode(2, 2, (x, y) => new SKColor((byte)(x + 1), (byte)(y + 5), 9)));
        var cache = new DecodedImageCache(dir.File("cache"));
        int decodes = 0;
        ImageSet Decode(int canvas) { decodes++; return ImageFolderReader.ReadFiles(new[] { file }, canvas, new[] { 1 }, new[] { "x", "y" }); }

        var first = cache.GetOrAdd(new[] { file }, 2, new[] { 1 }, new[] { "x", "y" }, () => Decode(2));
        var second = cache.GetOrAdd(new[] { file }, 2, new[] { 1 }, new[] { "x", "y" }, () => Decode(2));
        Assert.Equal(1, decodes);
        Assert.Equal(first.Pixels.ToArray(), second.Pixels.ToArray());
        Assert.Equal(new[] { 1 }, second.Labels);
        Assert.Equal(new[] { "x", "y" }, second.ClassNames);
        Assert.Equal(new[] { file }, second.Sources);
        Assert.Equal(6, second.Image(0)[1 * 4 + 1 * 2 + 0]); // G at (0, 1) = 1 + 5

        cache.GetOrAdd(new[] { file }, 4, new[] { 1 }, new[] { "x", "y" }, () => Decode(4));
        Assert.Equal(2, decodes);
        Assert.Equal(2, Directory.GetFiles(cache.Directory).Length); // no temporary files left behind
    }

    [Fact]
    public void SecondFolderReadComesFromTheCache()
    {
        using var dir = new TempDirectory();
        var image = dir.File("photos", "a.png");
        File.WriteAllBytes(image, TestImages.Encode(3, 3, (x, y) => new SKColor((byte)(50 + x), (byte)(60 + y), 70)));
        var cacheDir = dir.File("cache");
        var first = ImageFolderReader.ReadUnlabelled(dir.File("photos"), 3, cacheDir);

        // Overwrite the image with garbage of the same length and restore its timestamp: the cache key is unchanged,
        // so a cache hit returns the original pixels, while a decode would fail and skip the file.
        var stamp = File.GetLastWriteTimeUtc(image);
        File.WriteAllBytes(image, new byte[new FileInfo(image).Length]);
        File.SetLastWriteTimeUtc(image, stamp);
        var warnings = new List<string>();
        var second = ImageFolderReader.ReadUnlabelled(dir.File("photos"), 3, cacheDir, warnings.Add);
        Assert.Empty(warnings);
        Assert.Equal(0, second.Skipped);
        Assert.Equal(first.Pixels.ToArray(), second.Pixels.ToArray());
        Assert.Equal(52, second.Image(0)[2]); // R at (2, 0) = 50 + 2

        // A new timestamp changes the key: now the garbage is decoded, and it fails.
        File.SetLastWriteTimeUtc(image, stamp.AddMinutes(1));
        Assert.Throws<InvalidDataException>(() => ImageFolderReader.ReadUnlabelled(dir.File("photos"), 3, cacheDir));
    }

    [Fact]
    public void CorruptOrTruncatedCacheFilesAreRebuiltWithAWarning()
    {
        using var dir = new TempDirectory();
        var file = dir.File("a.png");
        File.WriteAllBytes(file, TestImages.Encode(2, 2, (_, _) => new SKColor(200, 100, 50)));
        var warnings = new List<string>();
        var cache = new DecodedImageCache(dir.File("cache"), warnings.Add);
        int decodes = 0;
        ImageSet Get() => cache.GetOrAdd(new[] { file }, 2, null, null, () => { decodes++; return ImageFolderReader.ReadFiles(new[] { file }, 2); });
        Get();
        var cacheFile = cache.CacheFilePath(new[] { file }, 2, null, null);

        var bytes = File.ReadAllBytes(cacheFile);
        bytes[bytes.Length - 40] ^= 0xFF; // a pixel byte just before the 32-byte checksum
        File.WriteAllBytes(cacheFile, bytes);
        var rebuilt = Get();
        Assert.Equal(2, decodes);
        Assert.Contains(cacheFile, warnings.Single());
        Assert.Contains("checksum", warnings.Single());
        Assert.Equal(50, rebuilt.Image(0)[2 * 4 + 3]);

        File.WriteAllBytes(cacheFile, File.ReadAllBytes(cacheFile).Take(30).ToArray());
        Get();
        Assert.Equal(3, decodes);
        Assert.Equal(2, warnings.Count);
        Assert.Contains("unusable", warnings[1]);

        File.WriteAllBytes(cacheFile, "definitely not a cache file, long enough to pass the length check"u8.ToArray());
        Get();
        Assert.Contains("signature", warnings[2]);

        Get(); // the rebuilt file is good again
        Assert.Equal(4, decodes);
        Assert.Equal(3, warnings.Count);
    }
}
