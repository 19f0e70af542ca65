using System.Text.Json;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Samples;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

/// <summary>Wide street frames through the same folder writer and command as the square shape scenes.</summary>
[Collection(SequentialCollection.Name)]
public class StreetSceneFolderTests
{
    // 192 x 96 is the smallest frame shape where the default 3% objects fit the lower two thirds (2 sqrt(553 x 1.3 / 1.147) = 50 px of 64).
    private const int Width = 192, Height = 96;

    [Fact]
    public void SavedFolderKeepsWideFramesAndTheirMasks()
    {
        var set = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 2, Width = Width, Height = Height, Seed = 4 });
        string dir = TemporaryFolder();
        try
        {
            set.SaveAsFolder(dir);
            SceneGroundTruthChecks.PngShows(Path.Combine(dir, "images", "scene-00001.png"), set.Images, 1);
            int plane = Width * Height;
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "scenes.json")));
            var root = manifest.RootElement;
            Assert.Equal((Width, Height), (root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32()));
            Assert.False(root.TryGetProperty("imageSize", out _), "A wide frame has no single image size.");
            var objects = root.GetProperty("scenes")[1].GetProperty("objects");
            Assert.Equal(set.Objects[1].Count, objects.GetArrayLength());
            for (int k = 0; k < objects.GetArrayLength(); k++)
            {
                using var mask = SKBitmap.Decode(Path.Combine(dir, objects[k].GetProperty("mask").GetString()!));
                Assert.Equal((Width, Height), (mask.Width, mask.Height));
                for (int p = 0; p < plane; p++)
                    Assert.Equal(set.Objects[1][k].Mask[p], mask.GetPixel(p % Width, p / Width).Red == 255);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ScenesCommandWritesStreetFramesAmgJsonAndABalancedObjectFolder()
    {
        string dir = TemporaryFolder();
        try
        {
            SamplesApp.Run("scenes", "--kind", "street", "--width", $"{Width}", "--height", $"{Height}", "--count", "2", "--seed", "4",
                "--objects", "20", "--object-size", "24", "--out", dir);
            // The command writes what the library generates for the same options.
            var expected = StreetSceneGenerator.Generate(new StreetSceneOptions { Count = 2, Width = Width, Height = Height, Seed = 4 });
            var regions = AmgJsonReader.Read(Path.Combine(dir, "amg", "scene-00000.json"), new ImageSize(Width, Height));
            Assert.Equal(expected.Objects[0].Count, regions.Count);
            for (int k = 0; k < regions.Count; k++)
                Assert.Equal(expected.Objects[0][k].Mask.ToArray(), regions[k].Mask.Decode().ToRowMajor());
            // 20 training and 10 validation objects, class i mod 10: two and one per class.
            foreach (var (split, perClass) in new[] { ("train", 2), ("val", 1) })
            {
                var folders = Directory.GetDirectories(Path.Combine(dir, "objects", split)).Select(Path.GetFileName).Order().ToArray();
                Assert.Equal(SyntheticSceneGenerator.ClassNames.Order(), folders);
                Assert.All(folders, f => Assert.Equal(perClass, Directory.GetFiles(Path.Combine(dir, "objects", split, f!), "*.png").Length));
            }
            using var sample = SKBitmap.Decode(Directory.GetFiles(Path.Combine(dir, "objects", "train", "solid-disc"))[0]);
            Assert.Equal((24, 24), (sample.Width, sample.Height));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ScenesCommandRefusesTheOtherKindsSizeOptions()
    {
        string dir = TemporaryFolder();
        var (code, _, error) = SamplesApp.TryRun("scenes", "--kind", "street", "--size", "96", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--size does not apply to --kind street", error);
        (code, _, error) = SamplesApp.TryRun("scenes", "--width", "512", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--width does not apply to --kind shapes", error);
        Assert.False(Directory.Exists(dir), "Nothing is written when the options are wrong.");
    }

    private static string TemporaryFolder() => Path.Combine(Path.GetTempPath(), "samclr-street-" + Guid.NewGuid().ToString("N"));
}
