using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Composes one street frame: the street background, then 'MinObjects'-'MaxObjects' objects (classes drawn
/// independently, so they may repeat) in the lower two thirds, each with an outline of 'MinObjectArea'-'MaxObjectArea'
/// of the frame and at most 'MaxOcclusion' of it hidden by later ones. One composer holds one worker's scratch
/// buffers and must not be shared between threads.
/// </summary>
internal sealed class StreetSceneComposer
{
    private readonly StreetSceneOptions _options;
    private readonly Canvas _canvas;
    private readonly FrameView _view;
    private readonly SceneObjectLayout _layout;
    private readonly float _clutterUnit;

    public StreetSceneComposer(StreetSceneOptions options)
    {
        _options = options;
        _canvas = new Canvas(options.Width, options.Height);
        _view = new FrameView(_canvas, 0f, 0f, 1f);
        _layout = new SceneObjectLayout(options.Width, options.Height, options.MaxOcclusion);
        _clutterUnit = options.TypicalObjectDiameter / 10;
    }

    /// <summary>Composes frame <paramref name="index"/> into <paramref name="destination"/> (planar RGB bytes) and returns its objects.</summary>
    public IReadOnlyList<SceneObject> Compose(int index, Span<byte> destination)
    {
        PaintBackground(index);
        Place(index);
        _layout.Paint(_canvas);
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.StreetNoise), SyntheticSceneComposer.NoiseAmplitude);
        return _layout.Describe();
    }

    /// <summary>Writes frame <paramref name="index"/> as it would look without its objects (same background and noise).</summary>
    public void ComposeBackground(int index, Span<byte> destination)
    {
        PaintBackground(index);
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.StreetNoise), SyntheticSceneComposer.NoiseAmplitude);
    }

    private void PaintBackground(int index) =>
        StreetBackground.Paint(_view, _options.Width, _options.Height, _clutterUnit, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.StreetBackground));

    private void Place(int index)
    {
        var random = SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.StreetObjects);
        int count = random.Next(_options.MinObjects, _options.MaxObjects + 1);
        var classes = new int[count];
        for (int i = 0; i < count; i++) classes[i] = random.Next(ShapeClass.All.Count);
        double smallest = _options.MinObjectArea * _options.FrameArea, largest = _options.MaxObjectArea * _options.FrameArea;
        if (!_layout.TryFill(classes, random, Candidate, coverage => coverage.MaskArea >= smallest && coverage.MaskArea <= largest))
            throw new InvalidOperationException(
                $"Street frame {index}: could not place {count} objects of {_options.MinObjectArea}-{_options.MaxObjectArea} of a {_options.Width}x{_options.Height} " +
                $"frame in its lower two thirds with at most {_options.MaxOcclusion} of each hidden. Lower MaxObjects or MaxObjectArea, or raise MaxOcclusion.");
    }

    /// <summary>A candidate: area log-uniform in the options' range, the whole object inside the lower two thirds.</summary>
    private PlacedObject Candidate(int classIndex, Random random)
    {
        var shape = PlacedObject.CreateWithArea(classIndex, _options.DrawObjectArea(random), random);
        float radius = shape.Radius, top = _options.ObjectTop;
        float centreX = radius + (float)random.NextDouble() * (_options.Width - 2 * radius);
        float centreY = top + radius + (float)random.NextDouble() * (_options.Height - top - 2 * radius);
        return shape.MovedTo(centreX, centreY);
    }
}
