using SamClr.MLNet.Data.Shapes;

namespace SamClr.MLNet.Data;

/// <summary>
/// Composes one scene: background, then 'MinObjects'-'MaxObjects' objects of distinct classes drawn in turn, each
/// later one on top. A candidate position is rejected when it would hide more than 'MaxOcclusion' of an earlier
/// object's area. One composer holds one worker's scratch buffers and must not be shared between threads.
/// </summary>
internal sealed class SyntheticSceneComposer
{
    /// <summary>Candidate poses tried for one object before the scene's placement starts over.</summary>
    private const int TriesPerObject = 40;

    /// <summary>Placement restarts before the options are declared too crowded.</summary>
    private const int Restarts = 25;

    /// <summary>Largest per-channel noise added to every pixel, on the 0-255 scale.</summary>
    internal const float NoiseAmplitude = 4f;

    private readonly SyntheticSceneOptions _options;
    private readonly Canvas _canvas;
    private readonly int[] _owner;

    public SyntheticSceneComposer(SyntheticSceneOptions options)
    {
        _options = options;
        _canvas = new Canvas(options.ImageSize);
        _owner = new int[options.ImageSize * options.ImageSize];
    }

    /// <summary>
    /// Clutter length unit in pixels: a tenth of the mean object diameter (3.1 px for the default 96 px scenes).
    /// </summary>
    private float ClutterUnit => (float)((_options.MinObjectFraction + _options.MaxObjectFraction) / 2 * _options.ImageSize / 10);

    /// <summary>Composes scene <paramref name="index"/> into <paramref name="destination"/> (planar RGB bytes) and returns its objects.</summary>
    public IReadOnlyList<SceneObject> Compose(int index, Span<byte> destination)
    {
        Background.Paint(_canvas, ClutterUnit, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneBackground));
        var placed = Place(index);
        foreach (var (instance, coverage) in placed) instance.Paint(_canvas, coverage);
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneNoise), NoiseAmplitude);
        return Describe(placed);
    }

    /// <summary>Writes scene <paramref name="index"/> as it would look without its objects (same background and noise).</summary>
    public void ComposeBackground(int index, Span<byte> destination)
    {
        Background.Paint(_canvas, ClutterUnit, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneBackground));
        _canvas.WriteBytes(destination, SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneNoise), NoiseAmplitude);
    }

    private List<(PlacedObject Instance, Coverage Coverage)> Place(int index)
    {
        var random = SyntheticSceneSeeds.Stream(_options.Seed, index, SyntheticSceneStream.SceneObjects);
        int count = random.Next(_options.MinObjects, _options.MaxObjects + 1);
        var classes = DistinctClasses(random, count);
        var placed = new List<(PlacedObject, Coverage)>(count);
        var visible = new int[count];
        for (int restart = 0; restart < Restarts; restart++)
        {
            placed.Clear();
            Array.Fill(_owner, -1);
            while (placed.Count < count && TryPlace(classes[placed.Count], random, placed, visible)) { }
            if (placed.Count == count) return placed;
        }
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

    private bool TryPlace(int classIndex, Random random, List<(PlacedObject Instance, Coverage Coverage)> placed, int[] visible)
    {
        int size = _options.ImageSize;
        var hidden = new int[placed.Count];
        for (int attempt = 0; attempt < TriesPerObject; attempt++)
        {
            float diameter = (float)((_options.MinObjectFraction + (_options.MaxObjectFraction - _options.MinObjectFraction) * random.NextDouble()) * size);
            float radius = diameter / 2;
            float centreX = radius + (float)random.NextDouble() * (size - diameter);
            float centreY = radius + (float)random.NextDouble() * (size - diameter);
            var instance = PlacedObject.Create(classIndex, diameter, centreX, centreY, random);
            var coverage = Coverage.Of(instance, size);
            Array.Clear(hidden);
            ForEachMaskPixel(coverage, i => { if (_owner[i] >= 0) hidden[_owner[i]]++; });
            bool acceptable = true;
            for (int j = 0; j < placed.Count && acceptable; j++)
                acceptable = visible[j] - hidden[j] >= (1 - _options.MaxOcclusion) * placed[j].Coverage.MaskArea;
            if (!acceptable || coverage.MaskArea == 0) continue;
            int self = placed.Count;
            for (int j = 0; j < placed.Count; j++) visible[j] -= hidden[j];
            visible[self] = coverage.MaskArea;
            ForEachMaskPixel(coverage, i => _owner[i] = self);
            placed.Add((instance, coverage));
            return true;
        }
        return false;
    }

    private void ForEachMaskPixel(Coverage coverage, Action<int> visit)
    {
        for (int y = coverage.Top; y < coverage.Top + coverage.Height; y++)
            for (int x = coverage.Left; x < coverage.Left + coverage.Width; x++)
                if (coverage[x, y] >= Coverage.MaskThreshold) visit(y * _options.ImageSize + x);
    }

    private IReadOnlyList<SceneObject> Describe(List<(PlacedObject Instance, Coverage Coverage)> placed)
    {
        int size = _options.ImageSize, words = (size * size + 63) / 64;
        var bits = new ulong[placed.Count][];
        var boxes = new (int X0, int Y0, int X1, int Y1)[placed.Count];
        var areas = new int[placed.Count];
        for (int k = 0; k < placed.Count; k++)
        {
            bits[k] = new ulong[words];
            boxes[k] = (size, size, 0, 0);
        }
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int i = y * size + x, k = _owner[i];
                if (k < 0) continue;
                bits[k][i >> 6] |= 1UL << (i & 63);
                areas[k]++;
                var b = boxes[k];
                boxes[k] = (Math.Min(b.X0, x), Math.Min(b.Y0, y), Math.Max(b.X1, x + 1), Math.Max(b.Y1, y + 1));
            }
        var objects = new SceneObject[placed.Count];
        for (int k = 0; k < placed.Count; k++)
        {
            var shapeClass = placed[k].Instance.Class;
            objects[k] = new SceneObject(placed[k].Instance.ClassIndex, shapeClass.Name, boxes[k], new SceneMask(size, size, bits[k]), areas[k]);
        }
        return Array.AsReadOnly(objects);
    }
}
