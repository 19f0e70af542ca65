namespace SamClr.MLNet.Views;

/// <summary>Reusable buffers of one <see cref="CropResizer"/> worker, so cutting views allocates nothing per view.</summary>
internal sealed class CropScratch
{
    private byte[] _rows = Array.Empty<byte>();
    private float[] _reduced = Array.Empty<float>();
    private float[] _horizontal = Array.Empty<float>();

    internal Span<byte> Rows(long length) => Grow(ref _rows, length).AsSpan(0, (int)length);

    internal float[] Reduced(long length) => Grow(ref _reduced, length);

    internal float[] Horizontal(long length) => Grow(ref _horizontal, length);

    private static T[] Grow<T>(ref T[] buffer, long length)
    {
        if (buffer.Length < length) buffer = new T[checked((int)length)];
        return buffer;
    }
}
