namespace SamClr.MLNet.Training.Monitoring;

/// <summary>A named series of <see cref="LearningCurvePoint"/>s, e.g. the kNN accuracy of one method during pre-training.</summary>
public sealed class LearningCurve
{
    private readonly List<LearningCurvePoint> _points = new();

    /// <summary>Creates an empty curve.</summary>
    /// <param name="name">The curve's name, e.g. the method ("SimCLR"); a CSV field, so without commas, quotes or line breaks.</param>
    public LearningCurve(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0)
            throw new ArgumentException($"A curve name may not contain commas, quotes or line breaks: '{name}'.", nameof(name));
        Name = name;
    }

    /// <summary>Creates a curve with <paramref name="points"/>.</summary>
    public LearningCurve(string name, IEnumerable<LearningCurvePoint> points) : this(name)
    {
        foreach (var point in points) Add(point);
    }

    /// <summary>The curve's name.</summary>
    public string Name { get; }

    /// <summary>The points in the order they were added.</summary>
    public IReadOnlyList<LearningCurvePoint> Points => _points;

    /// <summary>Appends <paramref name="point"/>.</summary>
    public void Add(LearningCurvePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        _points.Add(point);
    }
}
