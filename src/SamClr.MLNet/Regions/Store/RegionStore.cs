namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The regions of a whole data set, computed once and kept compactly: a folder holding <c>manifest.json</c>
/// (<see cref="RegionStoreManifest"/>) and <c>regions.log</c>, an append-only log with one record per image
/// (<see cref="StoreEntry"/>; masks as pycocotools' compressed RLE strings), each framed with its length and CRC-32.
/// <para>
/// Writes are atomic: <see cref="Add"/> appends a whole record in one write and flushes it to the operating system, so
/// a killed process leaves either the whole record or a torn tail; a torn tail fails its length or CRC check, readers
/// ignore it, and opening the store for writing cuts it off (<see cref="DiscardedTailBytes"/>) so that the image is
/// segmented again. A record is not forced to the disk itself, so after a machine crash the last records may be lost
/// the same way and are redone. One writer per store folder at a time: shards write to their own folders and are then
/// combined with <see cref="Merge"/>.
/// </para>
/// <para>Opening reads the log once to index the keys; <see cref="Read"/> then seeks to one entry and <see cref="ReadAll"/>
/// streams every entry in the order written. If a key was written twice, the first record wins.</para>
/// </summary>
public sealed class RegionStore : IDisposable
{
    /// <summary>File name of the manifest inside a store folder.</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>File name of the region log inside a store folder.</summary>
    public const string LogFileName = "regions.log";

    /// <summary>
    /// File name of the writer's lock inside a store folder: held exclusively while a store is open for writing, so a
    /// second writer (another process, or the same one) is refused instead of overwriting the first one's records.
    /// </summary>
    public const string LockFileName = "writer.lock";

    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly List<string> _keys = new();
    private readonly FileStream _log;
    private readonly FileStream? _lock;
    private readonly bool _writable;
    private readonly object _gate = new();
    private long _end;

    private RegionStore(string directory, RegionStoreManifest manifest, bool writable)
    {
        Directory = directory;
        Manifest = manifest;
        _writable = writable;
        string logPath = Path.Combine(directory, LogFileName);
        _lock = writable ? AcquireWriterLock(directory) : null;
        try
        {
            _log = writable
                ? new FileStream(logPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read)
                : new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            long length = _log.Length;
            _end = Index(length);
            DiscardedTailBytes = length - _end;
            if (writable && DiscardedTailBytes > 0)
            {
                _log.SetLength(_end);
                _log.Flush(flushToDisk: true);
            }
        }
        catch
        {
            _log?.Dispose();
            _lock?.Dispose();
            throw;
        }
    }

    private static FileStream AcquireWriterLock(string directory)
    {
        string path = Path.Combine(directory, LockFileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Region store '{directory}' is already open for writing ({path} is locked). Wait for the other run to finish, " +
                "or give each shard its own --out folder and merge them afterwards.", e);
        }
    }

    /// <summary>The store folder.</summary>
    public string Directory { get; }

    /// <summary>What the store was made with.</summary>
    public RegionStoreManifest Manifest { get; }

    /// <summary>Number of images in the store.</summary>
    public int Count { get { lock (_gate) return _keys.Count; } }

    /// <summary>The keys of the stored images, in the order they were written.</summary>
    public IReadOnlyList<string> Keys { get { lock (_gate) return _keys.ToArray(); } }

    /// <summary>
    /// Bytes of a torn or corrupt tail found at the end of the log when the store was opened (a run killed mid-write):
    /// ignored, and cut off when opened for writing. 0 for a clean log.
    /// </summary>
    public long DiscardedTailBytes { get; }

    /// <summary>Opens an existing store for reading only.</summary>
    /// <exception cref="DirectoryNotFoundException">There is no store in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidDataException">The manifest is damaged.</exception>
    public static RegionStore Open(string directory)
    {
        string manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath) || !File.Exists(Path.Combine(directory, LogFileName)))
            throw new DirectoryNotFoundException(
                $"'{directory}' is not a region store (no {ManifestFileName} and {LogFileName}); create one with the segment command first.");
        return new RegionStore(directory, RegionStoreManifestFile.Read(manifestPath), writable: false);
    }

    /// <summary>
    /// Opens the store in <paramref name="directory"/> for writing, creating it with <paramref name="manifest"/> when the
    /// folder has no store yet. An existing store must have been made with the same proposer, parameters, model files and
    /// canvas (<see cref="RegionStoreManifest.Differences"/>); its finished entries are kept, so a stopped run resumes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The existing store was made with other settings.</exception>
    public static RegionStore OpenOrCreate(string directory, RegionStoreManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        System.IO.Directory.CreateDirectory(directory);
        string manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            if (File.Exists(Path.Combine(directory, LogFileName)))
                throw new InvalidOperationException(
                    $"'{directory}' holds a {LogFileName} but no {ManifestFileName}, so its settings are unknown; delete the folder or write to a new one (--out).");
            RegionStoreManifestFile.Write(manifestPath, manifest);
            return new RegionStore(directory, manifest, writable: true);
        }
        var existing = RegionStoreManifestFile.Read(manifestPath);
        var differences = existing.Differences(manifest);
        if (differences.Count > 0)
            throw new InvalidOperationException(
                $"Region store '{directory}' was made with other settings ({string.Join("; ", differences)}; stored value first). " +
                "Regions from different settings must not be mixed: write to a new folder (--out), or delete this one to segment again.");
        return new RegionStore(directory, existing, writable: true);
    }

    /// <summary>True when the store holds the image with key <paramref name="key"/>.</summary>
    public bool Contains(string key)
    {
        lock (_gate) return _offsets.ContainsKey(key);
    }

    /// <summary>The stored entry of <paramref name="key"/>, or null when the image has not been segmented.</summary>
    /// <exception cref="InvalidDataException">The stored record does not decode (the log file was altered).</exception>
    public StoreEntry? Read(string key)
    {
        lock (_gate)
        {
            if (!_offsets.TryGetValue(key, out long offset)) return null;
            _log.Position = offset;
            var payload = RegionLogFrame.TryRead(_log, _end) ?? throw Corrupt(offset, "its record no longer passes its CRC check");
            return Decode(payload, offset);
        }
    }

    /// <summary>
    /// Every entry, in the order written, streamed from the log with a separate file handle (safe to use alongside
    /// <see cref="Read"/> and <see cref="Add"/>); entries added after the call started are not included.
    /// </summary>
    public IEnumerable<StoreEntry> ReadAll()
    {
        long end;
        lock (_gate) end = _end;
        using var stream = new FileStream(Path.Combine(Directory, LogFileName), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        while (stream.Position < end)
        {
            long offset = stream.Position;
            var payload = RegionLogFrame.TryRead(stream, end) ?? throw Corrupt(offset, "its record no longer passes its CRC check");
            var entry = Decode(payload, offset);
            bool first;
            lock (_gate) first = _offsets.TryGetValue(entry.Key, out long indexed) && indexed == offset;
            if (first) yield return entry;
        }
    }

    /// <summary>
    /// Appends the regions of one image atomically. Every mask must be <paramref name="width"/> x <paramref name="height"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store was opened read-only, or already holds <paramref name="key"/>.</exception>
    /// <exception cref="ArgumentException">A mask has another size.</exception>
    public void Add(string key, int width, int height, IReadOnlyList<Region> regions)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(regions);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        for (int i = 0; i < regions.Count; i++)
            if (regions[i].Mask.Width != width || regions[i].Mask.Height != height)
                throw new ArgumentException(
                    $"Region {i} of '{key}' has a {regions[i].Mask.Width}x{regions[i].Mask.Height} mask but the image is {width}x{height}.", nameof(regions));
        AppendPayload(key, StoreEntryCodec.Encode(key, width, height, regions));
    }

    /// <summary>
    /// Copies every entry of the <paramref name="sources"/> stores (for example one per shard) into the store at
    /// <paramref name="target"/>, creating it when needed. All manifests must agree (<see cref="RegionStoreManifest.Differences"/>);
    /// keys already in the target are skipped, so merging again is harmless.
    /// </summary>
    /// <returns>How many entries were copied and how many were skipped as already present.</returns>
    /// <exception cref="InvalidOperationException">A source was made with other settings than the first source or the target.</exception>
    public static RegionStoreMergeResult Merge(string target, IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var opened = sources.Select(Open).ToList();
        try
        {
            if (opened.Count == 0)
                throw new ArgumentException("Merge needs at least one source store.", nameof(sources));
            foreach (var source in opened.Skip(1))
            {
                var differences = opened[0].Manifest.Differences(source.Manifest);
                if (differences.Count > 0)
                    throw new InvalidOperationException(
                        $"Cannot merge region store '{source.Directory}' with '{opened[0].Directory}': they were made with other settings " +
                        $"({string.Join("; ", differences)}). Segment every shard with the same settings.");
            }
            using var destination = OpenOrCreate(target, opened[0].Manifest);
            int copied = 0, skipped = 0;
            foreach (var source in opened)
                foreach (var (key, payload) in source.ReadAllPayloads())
                {
                    if (destination.Contains(key)) { skipped++; continue; }
                    destination.AppendPayload(key, payload);
                    copied++;
                }
            return new RegionStoreMergeResult(copied, skipped);
        }
        finally
        {
            foreach (var store in opened) store.Dispose();
        }
    }

    /// <summary>Closes the log file and releases the writer's lock.</summary>
    public void Dispose()
    {
        _log.Dispose();
        _lock?.Dispose();
    }

    private IEnumerable<(string Key, byte[] Payload)> ReadAllPayloads()
    {
        foreach (var key in Keys)
        {
            byte[] payload;
            lock (_gate)
            {
                long offset = _offsets[key];
                _log.Position = offset;
                payload = RegionLogFrame.TryRead(_log, _end) ?? throw Corrupt(offset, "its record no longer passes its CRC check");
            }
            yield return (key, payload);
        }
    }

    private void AppendPayload(string key, byte[] payload)
    {
        if (!_writable)
            throw new InvalidOperationException($"Region store '{Directory}' was opened read-only; use RegionStore.OpenOrCreate to add entries.");
        var frame = RegionLogFrame.Wrap(payload);
        lock (_gate)
        {
            if (_offsets.ContainsKey(key))
                throw new InvalidOperationException($"Region store '{Directory}' already holds '{key}'; each image is stored once.");
            _log.Position = _end;
            _log.Write(frame);
            _log.Flush();
            _offsets.Add(key, _end);
            _keys.Add(key);
            _end += frame.Length;
        }
    }

    /// <summary>Indexes the intact records from the start of the log; returns where the intact part ends.</summary>
    private long Index(long length)
    {
        _log.Position = 0;
        var stream = new BufferedStream(_log, 1 << 16); // not disposed: that would close the log itself
        long end = 0;
        while (RegionLogFrame.TryRead(stream, length) is { } payload)
        {
            string key;
            try { key = StoreEntryCodec.DecodeKey(payload); }
            // IOException covers a short payload (EndOfStreamException) and a negative string length.
            catch (Exception e) when (e is IOException or FormatException) { throw Corrupt(end, "its key does not decode", e); }
            if (_offsets.TryAdd(key, end)) _keys.Add(key);
            end = stream.Position;
        }
        return end;
    }

    private StoreEntry Decode(byte[] payload, long offset)
    {
        try
        {
            return StoreEntryCodec.Decode(payload);
        }
        // IOException covers a short payload (EndOfStreamException) and a negative string length; FormatException a
        // string length prefix of more than five bytes.
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException)
        {
            throw Corrupt(offset, e.Message, e);
        }
    }

    private InvalidDataException Corrupt(long offset, string why, Exception? inner = null) =>
        new($"Region store '{Directory}': the record at byte {offset} of {LogFileName} is damaged ({why}); delete the store and segment again.", inner);
}
