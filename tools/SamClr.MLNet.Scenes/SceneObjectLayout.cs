using SamClr.MLNet.Scenes.Shapes;

namespace SamClr.MLNet.Scenes;

/// <summary>
/// Places a scene's objects one after the other, each later one on top, and keeps which object owns each pixel.
/// A candidate is rejected when it would hide more than the occlusion limit of an earlier object's area, when it
/// covers no pixel, or when the caller's test refuses its coverage; after too many rejections placement starts over.
/// One layout holds one worker's buffers and must not be shared between threads.
/// </summary>
internal sealed class SceneObjectLayout
{
    /// <summary>Candidate poses tried for one object before the scene's placement starts over.</summary>
    private const int TriesPerObject = 40;

    /// <summary>Placement restarts before the scene is declared too crowded.</summary>
    private const int Restarts = 25;

    private readonly int _width;
    private readonly int _height;
    private readonly double _maxOcclusion;
    private readonly int[] _owner;
    private readonly List<(PlacedObject Instance, Coverage Coverage)> _placed = [];
    private int[] _visible = [];

    /// <param name="width">Canvas width in pixels.</param>
    /// <param name="height">Canvas height in pixels.</param>
    /// <param name="maxOcclusion">Largest fraction of an object's own area that later objects may hide, in [0, 1).</param>
    public SceneObjectLayout(int width, int height, double maxOcclusion)
    {
        _width = width;
        _height = height;
        _maxOcclusion = maxOcclusion;
        _owner = new int[width * height];
    }

    /// <summary>
    /// Places one object of each class in <paramref name="classes"/>, in order, drawing candidates with
    /// <paramref name="candidate"/> (class index, random stream) and keeping those whose coverage passes
    /// <paramref name="admissible"/> and the occlusion limit. Returns false when the scene cannot be filled
    /// within the restarts; the caller names the options to change.
    /// </summary>
    public bool TryFill(IReadOnlyList<int> classes, Random random, Func<int, Random, PlacedObject> candidate, Func<Coverage, bool> admissible)
    {
        if (_visible.Length < classes.Count) _visible = new int[classes.Count];
        for (int restart = 0; restart < Restarts; restart++)
        {
            _placed.Clear();
            Array.Fill(_owner, -1);
            while (_placed.Count < classes.Count && TryPlace(classes[_placed.Count], random, candidate, admissible)) { }
            if (_placed.Count == classes.Count) return true;
        }
        return false;
    }

    /// <summary>Blends the placed objects over <paramref name="canvas"/> in drawing order.</summary>
    public void Paint(Canvas canvas)
    {
        foreach (var (instance, coverage) in _placed) instance.Paint(canvas, coverage);
    }

    /// <summary>The ground truth of the placed objects: class, visible pixels as a mask over the canvas, tight box and area.</summary>
    public IReadOnlyList<SceneObject> Describe()
    {
        int words = (_width * _height + 63) / 64;
        var bits = new ulong[_placed.Count][];
        var boxes = new (int X0, int Y0, int X1, int Y1)[_placed.Count];
        var areas = new int[_placed.Count];
        for (int k = 0; k < _placed.Count; k++)
        {
            bits[k] = new ulong[words];
            boxes[k] = (_width, _height, 0, 0);
        }
        for (int y = 0; y < _height; y++)
            for (int x = 0; x < _width; x++)
            {
                int i = y * _width + x, k = _owner[i];
                if (k < 0) continue;
                bits[k][i >> 6] |= 1UL << (i & 63);
                areas[k]++;
                var b = boxes[k];
                boxes[k] = (Math.Min(b.X0, x), Math.Min(b.Y0, y), Math.Max(b.X1, x + 1), Math.Max(b.Y1, y + 1));
            }
        var objects = new SceneObject[_placed.Count];
        for (int k = 0; k < _placed.Count; k++)
        {
            var instance = _placed[k].Instance;
            objects[k] = new SceneObject(instance.ClassIndex, instance.Class.Name, boxes[k], new SceneMask(_width, _height, bits[k]), areas[k]);
        }
        return Array.AsReadOnly(objects);
    }

    private bool TryPlace(int classIndex, Random random, Func<int, Random, PlacedObject> candidate, Func<Coverage, bool> admissible)
    {
        var hidden = new int[_placed.Count];
        for (int attempt = 0; attempt < TriesPerObject; attempt++)
        {
            var instance = candidate(classIndex, random);
            var coverage = Coverage.Of(instance, _width, _height);
            Array.Clear(hidden);
            ForEachMaskPixel(coverage, i => { if (_owner[i] >= 0) hidden[_owner[i]]++; });
            bool acceptable = true;
            for (int j = 0; j < _placed.Count && acceptable; j++)
                acceptable = _visible[j] - hidden[j] >= (1 - _maxOcclusion) * _placed[j].Coverage.MaskArea;
            if (!acceptable || coverage.MaskArea == 0 || !admissible(coverage)) continue;
            int self = _placed.Count;
            for (int j = 0; j < _placed.Count; j++) _visible[j] -= hidden[j];
            _visible[self] = coverage.MaskArea;
            ForEachMaskPixel(coverage, i => _owner[i] = self);
            _placed.Add((instance, coverage));
            return true;
        }
        return false;
    }

    private void ForEachMaskPixel(Coverage coverage, Action<int> visit)
    {
        for (int y = coverage.Top; y < coverage.Top + coverage.Height; y++)
            for (int x = coverage.Left; x < coverage.Left + coverage.Width; x++)
                if (coverage[x, y] >= Coverage.MaskThreshold) visit(y * _width + x);
    }
}
