using System.Text.Json;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Scenes;

/// <summary>Synthetic scenes with the ground truth of every object, made by <see cref="SyntheticSceneGenerator.Generate"/>.</summary>
public sealed class SyntheticSceneSet
{
    internal SyntheticSceneSet(ImageSet images, IReadOnlyList<IReadOnlyList<SceneObject>> objects, int seed)
    {
        Images = images;
        Objects = objects;
        Seed = seed;
    }

    /// <summary>The scenes, unlabelled: ImageSize x ImageSize pixels for the shape scenes, Width x Height for street frames.</summary>
    public ImageSet Images { get; }

    /// <summary>Per scene, its objects in drawing order (later objects lie on top of earlier ones).</summary>
    public IReadOnlyList<IReadOnlyList<SceneObject>> Objects { get; }

    /// <summary>The seed the scenes were made with (<see cref="SyntheticSceneOptions.Seed"/> or <see cref="StreetSceneOptions.Seed"/>).</summary>
    public int Seed { get; }

    /// <summary>The class names, indexed by <see cref="SceneObject.ClassIndex"/>.</summary>
    public IReadOnlyList<string> ClassNames => SyntheticSceneGenerator.ClassNames;

    /// <summary>
    /// Writes the scenes as an image tree that other commands read like any image folder, with the ground truth beside it:
    /// <code>
    /// directory/
    ///   images/scene-00000.png             the scenes, 8-bit RGB PNG (point image-folder readers here)
    ///   masks/scene-00000/object-0.png     one 8-bit grey PNG per object: 255 on its visible pixels, 0 elsewhere
    ///   scenes.json                        { "width", "height", "imageSize" (only when square), "seed", "classNames": [...], "scenes": [ { "image",
    ///                                        "objects": [ { "classIndex", "className", "box": [x0, y0, x1, y1]
    ///                                        (x1, y1 exclusive), "area", "mask" } ] } ] }, paths relative to directory
    /// </code>
    /// Numbers have at least five digits (more when there are more scenes); objects are numbered in drawing order.
    /// The directory is created when missing; existing files of the same names are replaced.
    /// </summary>
    /// <param name="directory">The folder to write into.</param>
    /// <exception cref="IOException">The folder or a file in it cannot be written; the message names the path.</exception>
    public void SaveAsFolder(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (File.Exists(directory))
            throw new IOException($"Cannot write the synthetic scenes into '{directory}': it is a file. Pass a folder path.");
        int digits = Math.Max(5, (Images.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        string Scene(int i) => "scene-" + i.ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.Combine(directory, "images"));
        // PNG encoding dominates; scenes are written in parallel, the manifest afterwards in order.
        SyntheticImageBatch.ForEachImage(Images.Count, i =>
        {
            SyntheticScenePng.WriteRgb(Path.Combine(directory, "images", Scene(i) + ".png"), Images.Image(i), Images.Width, Images.Height);
            Directory.CreateDirectory(Path.Combine(directory, "masks", Scene(i)));
            for (int k = 0; k < Objects[i].Count; k++)
                SyntheticScenePng.WriteMask(Path.Combine(directory, "masks", Scene(i), $"object-{k}.png"), Objects[i][k].Mask);
        });
        using var manifest = File.Create(Path.Combine(directory, "scenes.json"));
        using var json = new Utf8JsonWriter(manifest, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("width", Images.Width);
        json.WriteNumber("height", Images.Height);
        if (Images.Width == Images.Height) json.WriteNumber("imageSize", Images.Width);
        json.WriteNumber("seed", Seed);
        json.WriteStartArray("classNames");
        foreach (var name in ClassNames) json.WriteStringValue(name);
        json.WriteEndArray();
        json.WriteStartArray("scenes");
        for (int i = 0; i < Images.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("image", $"images/{Scene(i)}.png");
            json.WriteStartArray("objects");
            for (int k = 0; k < Objects[i].Count; k++)
            {
                var item = Objects[i][k];
                json.WriteStartObject();
                json.WriteNumber("classIndex", item.ClassIndex);
                json.WriteString("className", item.ClassName);
                json.WriteStartArray("box");
                json.WriteNumberValue(item.Box.X0);
                json.WriteNumberValue(item.Box.Y0);
                json.WriteNumberValue(item.Box.X1);
                json.WriteNumberValue(item.Box.Y1);
                json.WriteEndArray();
                json.WriteNumber("area", item.Area);
                json.WriteString("mask", $"masks/{Scene(i)}/object-{k}.png");
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
