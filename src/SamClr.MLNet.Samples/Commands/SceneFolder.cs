using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Scenes;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Writes synthetic scenes as an image folder plus their ground-truth masks as amg.py JSON (what a perfect SAM would output).</summary>
internal static class SceneFolder
{
    /// <summary>Writes images/, masks/ (PNG) and scenes.json through <see cref="SyntheticSceneSet.SaveAsFolder"/>, and amg/ (one amg.py JSON per image).</summary>
    /// <returns>The image folder and the amg.py mask folder.</returns>
    public static (string Images, string Masks) Write(SyntheticSceneSet scenes, string directory)
    {
        scenes.SaveAsFolder(directory);
        string images = Path.Combine(directory, "images"), amg = Path.Combine(directory, "amg");
        Directory.CreateDirectory(amg);
        foreach (var file in Directory.EnumerateFiles(images, "scene-*.png"))
        {
            int index = int.Parse(Path.GetFileNameWithoutExtension(file)["scene-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var regions = scenes.Objects[index]
                .Select(o => new Region(CocoRle.Encode(new BinaryMask(o.Mask.Width, o.Mask.Height, o.Mask.ToArray())), 1f, 1f))
                .ToArray();
            AmgJsonWriter.Write(Path.Combine(amg, Path.GetFileNameWithoutExtension(file) + ".json"), regions);
        }
        return (images, amg);
    }

    /// <summary>
    /// Writes a labelled single-object evaluation set as an image folder with train/ and val/ splits, one sub-folder per
    /// class (the layout of ImageNette), so every command that evaluates on a folder can use the built-in data.
    /// </summary>
    /// <param name="generate">The kind's labelled set (count, image size, seed), e.g. <see cref="SyntheticSceneGenerator.GenerateObjects"/>.</param>
    public static string WriteObjects(string directory, int trainCount, int testCount, int size, int seed, Func<int, int, int, ImageSet> generate)
    {
        string root = Path.Combine(directory, "objects");
        foreach (var (split, count, splitSeed) in new[] { ("train", trainCount, seed + 1), ("val", testCount, seed + 2) })
        {
            var set = generate(count, size, splitSeed);
            for (int i = 0; i < set.Count; i++)
            {
                string folder = Path.Combine(root, split, set.ClassNames![set.Labels![i]]);
                Directory.CreateDirectory(folder);
                SyntheticScenePng.WriteRgb(Path.Combine(folder, $"object-{i:D5}.png"), set.Image(i), set.Width, set.Height);
            }
        }
        return root;
    }
}
