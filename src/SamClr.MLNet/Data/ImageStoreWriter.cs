namespace SamClr.MLNet.Data;

/// <summary>
/// Appends images to an image store's pixel and index files. The pixels of a batch are flushed to disk before their
/// index records are written, so an index record always points at stored pixels; a crash leaves at most a torn tail,
/// which <see cref="Open"/> cuts off before the next append.
/// </summary>
internal sealed class ImageStoreWriter : IDisposable
{
    internal const string PixelsFileName = "pixels.bin";
    internal const string IndexFileName = "index.bin";

    private readonly FileStream _pixels;
    private readonly FileStream _index;
    private readonly List<byte[]> _pendingRecords = new();

    private ImageStoreWriter(FileStream pixels, FileStream index, int count)
    {
        _pixels = pixels;
        _index = index;
        Count = count;
    }

    /// <summary>Records written so far (images and skipped sources), including those found on open.</summary>
    internal int Count { get; private set; }

    /// <summary>Opens the store's files for appending after their last intact record; a torn tail is cut off.</summary>
    internal static ImageStoreWriter Open(string directory)
    {
        Directory.CreateDirectory(directory);
        string pixelsPath = Path.Combine(directory, PixelsFileName), indexPath = Path.Combine(directory, IndexFileName);
        var existing = File.Exists(indexPath) ? File.ReadAllBytes(indexPath) : Array.Empty<byte>();
        var (records, intact) = ImageStoreRecord.ReadAll(existing);
        long pixelEnd = records.Count == 0 ? 0 : records.Max(r => r.Offset + r.ByteCount);
        var pixels = new FileStream(pixelsPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        FileStream? index = null;
        try
        {
            if (pixels.Length < pixelEnd)
                throw new InvalidDataException(
                    $"The image store '{directory}' is damaged: its index points past the end of '{pixelsPath}'. Delete the folder and build the store again.");
            pixels.SetLength(pixelEnd);
            pixels.Seek(0, SeekOrigin.End);
            index = new FileStream(indexPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
            index.SetLength(intact);
            index.Seek(0, SeekOrigin.End);
            return new ImageStoreWriter(pixels, index, records.Count);
        }
        catch
        {
            pixels.Dispose();
            index?.Dispose();
            throw;
        }
    }

    /// <summary>Appends one image (interleaved RGB, <paramref name="size"/>) with its original size, label and source.</summary>
    internal void Append(ReadOnlySpan<byte> rgb, ImageSize size, ImageSize originalSize, int label, string source)
    {
        if (rgb.Length != 3L * size.Width * size.Height)
            throw new ArgumentException($"Image '{source}' has {rgb.Length} bytes for {size.Width}x{size.Height} RGB pixels.", nameof(rgb));
        long offset = _pixels.Position;
        _pixels.Write(rgb);
        _pendingRecords.Add(new ImageStoreRecord(offset, size, originalSize, label, source).Encode());
        Count++;
    }

    /// <summary>Records that <paramref name="source"/> was unreadable, so a resumed build does not try it again.</summary>
    internal void AppendSkipped(string source, int label)
    {
        _pendingRecords.Add(new ImageStoreRecord(_pixels.Position, default, default, label, source).Encode());
        Count++;
    }

    /// <summary>Makes everything appended so far durable: pixels first, then the index records that point at them.</summary>
    internal void Commit()
    {
        _pixels.Flush(flushToDisk: true);
        foreach (var record in _pendingRecords) _index.Write(record);
        _pendingRecords.Clear();
        _index.Flush(flushToDisk: true);
    }

    public void Dispose()
    {
        _pixels.Dispose();
        _index.Dispose();
    }
}
