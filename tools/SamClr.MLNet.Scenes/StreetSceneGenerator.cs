using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Built-in street scenes: wide frames laid out like Cityscapes street views (sky, facades with windows, sidewalk,
/// road with lane markings, poles and trees) with many small objects of the ten shape classes and their ground-truth
/// masks, and a matching labelled set of single objects on crops of such frames for evaluation. A whole-frame crop
/// shows mostly street; a crop around a region shows one object, the situation the paper's region views exploit.
/// </summary>
/// <remarks>
/// <para>Objects: 8-20 per frame (<see cref="StreetSceneOptions"/>), each an outline of 0.5-3% of the frame's area
/// before occlusion (log-uniform), drawn with the shape scenes' classes, patterns, colours and 4 x 4 anti-aliasing,
/// entirely inside the lower two thirds of the frame, each keeping at least 70% of its pixels visible. Classes are
/// drawn independently per object, so a frame with more than ten objects always repeats a class.</para>
/// <para>Generation runs in parallel over frames; each frame draws from its own random streams derived from (seed,
/// index), so the same seed gives the same bytes on every machine and thread count. Measured on two cores of an AMD EPYC
/// shared with other builds (docs/PERFORMANCE.md): 1000 frames of 512 x 256 in 28.8 s, 6.2x the time of 1000 shape
/// scenes of 96 px in the same session (14.2x the pixels); a 2048 x 1024 frame in 0.44 s.</para>
/// </remarks>
public static class StreetSceneGenerator
{
    /// <summary>The side of a single-object image's crop relative to the object's typical diameter: objects fill about 75% of it.</summary>
    private const float CropPerDiameter = 1 / 0.75f;

    /// <summary>Generates street frames with their objects' ground truth, as <see cref="SyntheticSceneGenerator.Generate"/> does for the shape scenes.</summary>
    /// <param name="options">Settings; null uses the defaults of <see cref="StreetSceneOptions"/> (1000 frames of 512 x 256).</param>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it and the allowed range.</exception>
    /// <exception cref="InvalidOperationException">The objects cannot be placed within the occlusion limit (too many or too large).</exception>
    public static SyntheticSceneSet Generate(StreetSceneOptions? options = null)
    {
        var settings = (options ?? new StreetSceneOptions()).Clone();
        settings.Validate();
        long plane = 3L * settings.Width * settings.Height;
        var pixels = SyntheticImageBatch.Allocate(settings.Count, plane);
        var objects = new IReadOnlyList<SceneObject>[settings.Count];
        SyntheticImageBatch.ForEachImage(settings.Count, () => new StreetSceneComposer(settings), (index, composer) =>
            objects[index] = composer.Compose(index, pixels.AsSpan((int)(index * plane), (int)plane)), settings.MaxDegreeOfParallelism);
        var images = new ImageSet(settings.Height, settings.Width, pixels);
        return new SyntheticSceneSet(images, Array.AsReadOnly(objects), settings.Seed);
    }

    /// <summary>
    /// Generates a labelled, class-balanced evaluation set: each image shows one object (60-90% of the image across,
    /// centred within 8%) on a square crop of a street frame of the default shape, taken where scene objects lie and
    /// sized so that a scene object would fill about 75% of it. Image i shows class i mod 10, so every prefix is balanced.
    /// </summary>
    /// <param name="count">Number of images (at least 0).</param>
    /// <param name="imageSize">Side length in pixels; default 32, as for the shape scenes' set. At least 8.</param>
    /// <param name="seed">Random seed; the streams differ from the frames' and the shape set's. Default 0.</param>
    public static ImageSet GenerateObjects(int count, int imageSize = 32, int seed = 0)
    {
        var frame = new StreetSceneOptions();
        return SyntheticSceneSingleObject.GenerateSet(count, imageSize, seed, (canvas, random) => PaintCrop(canvas, frame, random), SingleObjectStreams.Street);
    }

    /// <summary>The frames of <paramref name="options"/> without their objects: same background, clutter and noise.</summary>
    internal static ImageSet GenerateBackgrounds(StreetSceneOptions options)
    {
        var settings = options.Clone();
        settings.Validate();
        long plane = 3L * settings.Width * settings.Height;
        var pixels = SyntheticImageBatch.Allocate(settings.Count, plane);
        var composer = new StreetSceneComposer(settings);
        for (int index = 0; index < settings.Count; index++)
            composer.ComposeBackground(index, pixels.AsSpan((int)(index * plane), (int)plane));
        return new ImageSet(settings.Height, settings.Width, pixels);
    }

    /// <summary>Paints a square crop of a street frame onto the whole canvas: where an object of a drawn area would lie, its side that object's diameter / 0.75.</summary>
    private static void PaintCrop(Canvas canvas, StreetSceneOptions frame, Random random)
    {
        float diameter = (float)(2 * Math.Sqrt(frame.DrawObjectArea(random) / ShapeClass.All.Average(c => c.Area)));
        float side = diameter * CropPerDiameter;
        float centreX = random.Between(side / 2, frame.Width - side / 2);
        float lowest = frame.Height - side / 2, highest = MathF.Min(lowest, MathF.Max(side / 2, frame.ObjectTop + diameter / 2));
        float centreY = random.Between(highest, lowest);
        var view = new FrameView(canvas, centreX - side / 2, centreY - side / 2, canvas.Width / side);
        StreetBackground.Paint(view, frame.Width, frame.Height, frame.TypicalObjectDiameter / 10, random);
    }
}
