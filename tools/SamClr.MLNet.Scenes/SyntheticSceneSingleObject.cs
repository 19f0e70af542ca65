using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Composes one labelled evaluation image: a single object, roughly centred, on a background painted by the caller
/// (the shape scenes' clutter, or a crop of a street frame). The object's diameter is 60-90% of the image and its
/// centre moves up to 8% of the image from the middle, so it looks like a view cropped around one scene object.
/// One instance holds one worker's canvas.
/// </summary>
/// <param name="imageSize">Side length in pixels.</param>
/// <param name="seed">The set's seed.</param>
/// <param name="paintBackground">Paints the whole canvas from the image's background stream.</param>
/// <param name="streams">The random streams the images draw from.</param>
internal sealed class SyntheticSceneSingleObject(int imageSize, int seed, Action<Canvas, Random> paintBackground, SingleObjectStreams streams)
{
    /// <summary>Smallest object diameter as a fraction of the image side.</summary>
    public const double MinDiameter = 0.6;

    /// <summary>Largest object diameter as a fraction of the image side.</summary>
    public const double MaxDiameter = 0.9;

    private const double CentreJitter = 0.08;

    private readonly Canvas _canvas = new(imageSize);

    /// <summary>
    /// Clutter unit: a tenth of the mean object diameter (0.75 x size), matching the scenes' clutter relative to their objects.
    /// </summary>
    public static float ClutterUnit(int imageSize) => 0.075f * imageSize;

    /// <summary>
    /// A labelled, class-balanced set of <paramref name="count"/> images composed in parallel; image i shows class
    /// i mod 10, so every prefix of the set is balanced too.
    /// </summary>
    public static ImageSet GenerateSet(int count, int imageSize, int seed, Action<Canvas, Random> paintBackground, SingleObjectStreams streams)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), $"The number of images must not be negative, got {count}.");
        if (imageSize < 8) throw new ArgumentOutOfRangeException(nameof(imageSize), $"The image size must be at least 8 pixels, got {imageSize}.");
        int plane = 3 * imageSize * imageSize, classes = ShapeClass.All.Count;
        var pixels = SyntheticImageBatch.Allocate(count, plane);
        var labels = new int[count];
        SyntheticImageBatch.ForEachImage(count, () => new SyntheticSceneSingleObject(imageSize, seed, paintBackground, streams), (index, composer) =>
        {
            labels[index] = index % classes;
            composer.Compose(index, labels[index], pixels.AsSpan(index * plane, plane));
        });
        return new ImageSet(imageSize, imageSize, pixels, labels: labels, classNames: SyntheticSceneGenerator.ClassNames);
    }

    /// <summary>Composes image <paramref name="index"/> showing class <paramref name="classIndex"/> into planar RGB bytes.</summary>
    public void Compose(int index, int classIndex, Span<byte> destination)
    {
        paintBackground(_canvas, SyntheticSceneSeeds.Stream(seed, index, streams.Background));
        var random = SyntheticSceneSeeds.Stream(seed, index, streams.Object);
        float diameter = (float)((MinDiameter + (MaxDiameter - MinDiameter) * random.NextDouble()) * imageSize);
        float Centre() => Math.Clamp(imageSize / 2f + (float)((2 * random.NextDouble() - 1) * CentreJitter * imageSize), diameter / 2, imageSize - diameter / 2);
        float centreX = Centre(), centreY = Centre();
        var instance = PlacedObject.Create(classIndex, diameter, centreX, centreY, random);
        instance.Paint(_canvas, Coverage.Of(instance, imageSize, imageSize));
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(seed, index, streams.Noise), SyntheticSceneComposer.NoiseAmplitude);
    }
}
