namespace SamClr.MLNet.Regions;

/// <summary>
/// Collects the run lengths of a binary mask whose pixels are appended in COCO's column-major order: alternating runs
/// of unset and set pixels, starting with unset ones (a mask whose first pixel is set starts with a run of 0).
/// </summary>
internal sealed class RunLengthBuilder
{
    private readonly List<int> _counts = [];
    private bool _current;
    private int _run;

    /// <summary>Appends one pixel.</summary>
    public void Append(bool value) => Append(value, 1);

    /// <summary>Appends <paramref name="length"/> pixels of the same <paramref name="value"/> (none when 0).</summary>
    public void Append(bool value, int length)
    {
        if (length == 0) return;
        if (value != _current)
        {
            _counts.Add(_run);
            _run = 0;
            _current = value;
        }
        _run += length;
    }

    /// <summary>The runs so far, the last one included.</summary>
    public int[] ToCounts()
    {
        var counts = new int[_counts.Count + 1];
        _counts.CopyTo(counts);
        counts[^1] = _run;
        return counts;
    }
}
