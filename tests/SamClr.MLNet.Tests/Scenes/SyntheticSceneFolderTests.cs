using System.Text.Json;
using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Scenes;

public class SyntheticSceneFolderTests
{
    [Fact]
    public void SavedFolderRoundTripsImagesMasksAndManifest()
    {
        var set = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 3, ImageSize = 32, Seed = 5 });
        string dir = Path.Combine(Path.GetTempPath(), "samclr-scenes-" + Guid.NewGuid().ToString("N"));
        try
        {
            set.SaveAsFolder(dir);
            SceneGroundTruthChecks.PngShows(Path.Combine(dir, "images", "scene-00002.png"), set.Images, 2);
            int size = 32, plane = size * size;
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "scenes.json")));
            var root = manifest.RootElement;
            Assert.Equal(32, root.GetProperty("imageSize").GetInt32());
            Assert.Equal(10, root.GetProperty("classNames").GetArrayLength());
            var scenes = root.GetProperty("scenes");
            Assert.Equal(3, scenes.GetArrayLength());
            var objects = scenes[1].GetProperty("objects");
            Assert.Equal(set.Objects[1].Count, objects.GetArrayLength());
            for (int k = 0; k < objects.GetArrayLength(); k++)
            {
                var expected = set.Objects[1][k];
                var json = objects[k];
                Assert.Equal(expected.ClassIndex, json.GetProperty("classIndex").GetInt32());
                Assert.Equal(expected.Area, json.GetProperty("area").GetInt32());
                Assert.Equal(new[] { expected.Box.X0, expected.Box.Y0, expected.Box.X1, expected.Box.Y1 },
                    json.GetProperty("box").EnumerateArray().Select(e => e.GetInt32()).ToArray());
                using var mask = SKBitmap.Decode(Path.Combine(dir, json.GetProperty("mask").GetString()!));
                for (int p = 0; p < plane; p++)
                    Assert.Equal(expected.Mask[p], mask.GetPixel(p % size, p / size).Red == 255);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void RefusesAFileAsFolder()
    {
        var set = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 1, ImageSize = 16 });
        string file = Path.GetTempFileName();
        try
        {
            var ex = Assert.Throws<IOException>(() => set.SaveAsFolder(file));
            Assert.Contains(file, ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
