namespace SamClr.MLNet.Views;

/// <summary>Reusable buffers of one <see cref="CropResizer"/> worker, so cutting views allocates nothing per view.</summary>
internal sealed class CropScratch
{
    private byte[] _rows = Array.Empty<byte>();
    private float[] _reduced = Array.Empty<float>();
    private float[] _horizontal = Array.Empty<float>();
    private float[] _outputRow = Array.Empty<float>();
    private uint[] _columnSums = Array.Empty<uint>();

    internal Span<byte> Rows(long length) => Grow(ref _rows, length).AsSpan(0, (int)length);

    internal float[] Reduced(long length) => Grow(ref _reduced, length);

    internal float[] Horizontal(long length) => Grow(ref _horizontal, length);

    internal Span<float> OutputRow(int length) => Grow(ref _outputRow, length).AsSpan(0, length);

    internal Span<uint> ColumnSums(int length) => Grow(ref _columnSums, length).AsSpan(0, length);

    private static T[] Grow<T>(ref T[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new T[checked((int)length)];
        return buffer;
    }
}
