namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Counts the problems a mask import tolerates instead of failing on, with one message per occurrence: a missing mask
/// file (the image then trains on the whole image), an empty region list (likewise), and an <c>area</c> that disagrees with
/// its decoded mask when <see cref="AmgAreaCheck.Warn"/> is chosen. Safe to share between threads.
/// </summary>
public sealed class ImportWarnings
{
    private readonly List<string> _messages = new();
    private readonly object _gate = new();
    private int _missing, _empty, _area;

    /// <summary>Images with no mask file (neither <c>.json</c> nor a PNG folder).</summary>
    public int MissingMaskFiles { get { lock (_gate) return _missing; } }

    /// <summary>Mask files that hold no regions.</summary>
    public int EmptyRegionLists { get { lock (_gate) return _empty; } }

    /// <summary>Records whose stated area differs from the area of their decoded mask (the mask's area is used).</summary>
    public int AreaMismatches { get { lock (_gate) return _area; } }

    /// <summary>All warnings so far.</summary>
    public int Count { get { lock (_gate) return _messages.Count; } }

    /// <summary>One message per warning, in the order they happened; each names the file.</summary>
    public IReadOnlyList<string> Messages { get { lock (_gate) return _messages.ToArray(); } }

    internal void MissingMaskFile(string message) => Add(message, ref _missing);

    internal void EmptyRegionList(string message) => Add(message, ref _empty);

    internal void AreaMismatch(string message) => Add(message, ref _area);

    private void Add(string message, ref int counter)
    {
        lock (_gate)
        {
            counter++;
            _messages.Add(message);
        }
    }
}
