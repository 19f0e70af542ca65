using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Composes one scene: background, then 'MinObjects'-'MaxObjects' objects of distinct classes drawn in turn, each
/// later one on top, with at most 'MaxOcclusion' of each object's area hidden (<see cref="SceneObjectLayout"/>).
/// One composer holds one worker's scratch buffers and must not be shared between threads.
/// </summary>
internal sealed class SyntheticSceneComposer
{
    /// <summary>Largest per-channel noise added to every pixel, on the 0-255 scale.</summary>
    internal const float NoiseAmplitude = 4f;

    private readonly SyntheticSceneOptions _options;
    private readonly Canvas _canvas;
    private readonly SceneObjectLayout _layout;

    public SyntheticSceneComposer(SyntheticSceneOptions options)
    {
        _options = options;
        _canvas = new Canvas(options.ImageSize);
        _layout = new SceneObjectLayout(options.ImageSize, options.ImageSize, options.MaxOcclusion);
    }

    /// <summary>
    /// Clutter length unit in pixels: a tenth of the mean object diameter (3.1 px for the default 96 px scenes).
    /// </summary>
    private float ClutterUnit => (float)((_options.MinObjectFraction + _options.MaxObjectFraction) / 2 * _options.ImageSize / 10);

    /// <summary>Composes scene <paramref name="index"/> into <paramref name="destination"/> (planar RGB bytes) and returns its objects.</summary>
    public IReadOnlyList<SceneObject> Compose(int index, Span<byte> destination)
    {
        Background.Paint(_canvas, ClutterUnit, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneBackground));
        Place(index);
        _layout.Paint(_canvas);
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneNoise), NoiseAmplitude);
        return _layout.Describe();
    }

    /// <summary>Writes scene <paramref name="index"/> as it would look without its objects (same background and noise).</summary>
    public void ComposeBackground(int index, Span<byte> destination)
    {
        Background.Paint(_canvas, ClutterUnit, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneBackground));
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneNoise), NoiseAmplitude);
    }

    private void Place(int index)
    {
        var random = SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneObjects);
        int count = random.Next(_options.MinObjects, _options.MaxObjects + 1);
        if (!_layout.TryFill(DistinctClasses(random, count), random, Candidate, _ => true))
            throw new InvalidOperationException(
                $"Scene {index}: could not place {count} objects of {_options.MinObjectFraction}-{_options.MaxObjectFraction} of a " +
                $"{_options.ImageSize} px scene with at most {_options.MaxOcclusion} of each hidden. Lower MaxObjects or MaxObjectFraction, or raise MaxOcclusion.");
    }

    private static int[] DistinctClasses(Random random, int count)
    {
        var classes = Enumerable.Range(0, ShapeClass.All.Count).ToArray();
        for (int i = 0; i < count; i++)
        {
            int j = random.Next(i, classes.Length);
            (classes[i], classes[j]) = (classes[j], classes[i]);
        }
        return classes[..count];
    }

    /// <summary>A candidate pose: diameter uniform in the options' range, the whole object inside the scene.</summary>
    private PlacedObject Candidate(int classIndex, Random random)
    {
        int size = _options.ImageSize;
        float diameter = (float)((_options.MinObjectFraction + (_options.MaxObjectFraction - _options.MinObjectFraction) * random.NextDouble()) * size);
        float radius = diameter / 2;
        float centreX = radius + (float)random.NextDouble() * (size - diameter);
        float centreY = radius + (float)random.NextDouble() * (size - diameter);
        return PlacedObject.Create(classIndex, diameter, centreX, centreY, random);
    }
}
