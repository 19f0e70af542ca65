using SamClr.MLNet.IO;
namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The regions of a whole data set, computed once and kept compactly: a folder holding <c>manifest.json</c>
/// (<see cref="RegionStoreManifest"/>) and <c>regions.log</c>, an append-only log with one record per image
/// (<see cref="StoreEntry"/>; masks as pycocotools' compressed RLE strings), each framed with its length and CRC-32.
/// <para>
/// Writes are atomic: <see cref="Add"/> appends a whole record in one append-mode write (<c>O_APPEND</c>: always at the
/// end of the file, never at a remembered offset), so a killed process leaves either the whole record or a torn tail;
/// a torn tail fails its length or CRC check, readers ignore it, and opening the store for writing cuts it off
/// (<see cref="DiscardedTailBytes"/>) so that the image is segmented again. A bad record followed by intact ones is not
/// a torn tail but damage: opening refuses it, naming the offset, and <see cref="Salvage"/> keeps every intact record.
/// A record is not forced to the disk itself, so after a machine crash the last records may be lost the same way and
/// are redone. One writer per store folder at a time, held by <c>writer.lock</c> naming its host and process
/// (<see cref="LockFileName"/>): shards write to their own folders and are then combined with <see cref="Merge"/>. The
/// log's first record keeps a copy of the manifest (<see cref="RebuildManifest"/>).
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
    /// File name of the writer's lock inside a store folder: it names the host and process that hold the store open for
    /// writing, so a second writer (another process, machine, or the same process) is refused instead of interleaving
    /// records; a lock left by a killed run on this host is recognised as stale and taken over.
    /// </summary>
    public const string LockFileName = "writer.lock";

    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly List<string> _keys = new();
    private readonly HashSet<ShardSpec> _shards = new();
    private readonly FileStream _log;
    private readonly AppendOnlyFile? _append;
    private readonly StoreWriterLock? _lock;
    private readonly object _gate = new();
    private long _end;

    private RegionStore(string directory, RegionStoreManifest manifest, StoreWriterLock? writerLock)
    {
        Directory = directory;
        Manifest = manifest;
        _lock = writerLock;
        string logPath = Path.Combine(directory, LogFileName);
        try
        {
            if (writerLock is not null && !File.Exists(logPath)) new FileStream(logPath, FileMode.CreateNew, FileAccess.Write).Dispose();
            _log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            long length = _log.Length;
            _end = Index(length);
            DiscardedTailBytes = length - _end;
            if (writerLock is not null)
            {
                if (DiscardedTailBytes > 0)
                {
                    using var cut = new FileStream(logPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                    cut.SetLength(_end);
                    cut.Flush(flushToDisk: true);
                }
                _append = AppendOnlyFile.Open(logPath);
            }
        }
        catch
        {
            _log?.Dispose();
            throw;
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
        return new RegionStore(directory, RegionStoreManifestFile.Read(manifestPath), writerLock: null);
    }

    /// <summary>
    /// Opens the store in <paramref name="directory"/> for writing, creating it with <paramref name="manifest"/> when the
    /// folder has no store yet. An existing store must have been made with the same proposer, parameters, model files and
    /// canvas (<see cref="RegionStoreManifest.Differences"/>); its finished entries are kept, so a stopped run resumes.
    /// </summary>
    /// <exception cref="InvalidOperationException">The existing store was made with other settings, or another live writer holds it.</exception>
    /// <exception cref="InvalidDataException">The log is damaged in the middle (not a torn tail): salvage it first (<see cref="Salvage"/>).</exception>
    internal static RegionStore OpenOrCreate(string directory, RegionStoreManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        System.IO.Directory.CreateDirectory(directory);
        string manifestPath = Path.Combine(directory, ManifestFileName), logPath = Path.Combine(directory, LogFileName);
        var writerLock = AcquireWriterLock(directory);
        try
        {
            if (!File.Exists(manifestPath))
            {
                if (File.Exists(logPath) && new FileInfo(logPath).Length > 0)
                    throw new InvalidOperationException(
                        $"'{directory}' holds a {LogFileName} but no {ManifestFileName}; rebuild the manifest from the log with " +
                        "'samclr segment --rebuild-manifest --out STORE' (RegionStore.RebuildManifest), or write to a new folder (--out).");
                RegionStoreManifestFile.Write(manifestPath, manifest);
                var created = new RegionStore(directory, manifest, writerLock);
                created.AppendPayload(RegionLogMetadata.ManifestKey, RegionLogMetadata.Encode(RegionLogMetadata.ManifestKey, RegionStoreManifestFile.ToJson(manifest)));
                return created;
            }
            var existing = RegionStoreManifestFile.Read(manifestPath);
            var differences = existing.Differences(manifest);
            if (differences.Count > 0)
                throw new InvalidOperationException(
                    $"Region store '{directory}' was made with other settings ({string.Join("; ", differences)}; stored value first). " +
                    "Regions from different settings must not be mixed: write to a new folder (--out), or delete this one to segment again.");
            return new RegionStore(directory, existing, writerLock);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Rewrites the log of the store in <paramref name="directory"/> keeping every intact record, when a bad record in
    /// the middle (a flipped sector, a file edited by hand) makes opening refuse it. The old log is first copied beside
    /// it (<c>regions.log.damaged-TIME</c>), the new one replaces it atomically (<see cref="AtomicFile"/>). A log without
    /// damage is left alone.
    /// </summary>
    /// <returns>How many entries were kept, the damaged stretches dropped, and the backup copy.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no log in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidOperationException">Another live writer holds the store.</exception>
    internal static RegionStoreSalvageResult Salvage(string directory)
    {
        string logPath = Path.Combine(directory, LogFileName);
        if (!File.Exists(logPath)) throw new DirectoryNotFoundException($"'{directory}' holds no {LogFileName} to salvage.");
        using var writerLock = AcquireWriterLock(directory);
        var kept = new List<byte[]>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var damaged = new List<(long, long)>();
        int entries = 0;
        using (var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16))
            foreach (var step in RegionLogReader.Steps(stream, stream.Length))
            {
                string? key = step.Payload is null ? null : TryDecodeKey(step.Payload);
                if (key is null) damaged.Add((step.Offset, step.Length));
                else if (keys.Add(key))
                {
                    kept.Add(step.Payload!);
                    if (!RegionLogMetadata.IsMetadata(key)) entries++;
                }
            }
        if (damaged.Count == 0) return new RegionStoreSalvageResult(entries, damaged, null);
        string backup = $"{logPath}.damaged-{DateTime.UtcNow:yyyyMMddTHHmmssfffZ}";
        File.Copy(logPath, backup);
        AtomicFile.Write(logPath, "salvaged region log", temporary =>
        {
            using var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            foreach (var payload in kept) output.Write(RegionLogFrame.Wrap(payload));
        });
        return new RegionStoreSalvageResult(entries, damaged, backup);
    }

    /// <summary>
    /// Writes <c>manifest.json</c> of the store in <paramref name="directory"/> again from the copy in its log (written
    /// when the store was created), after a lost or damaged manifest. Logs written before the copy existed need the
    /// settings they were made with: <paramref name="settings"/> (what the same segment command would write); when
    /// both exist they must agree.
    /// </summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="DirectoryNotFoundException">There is no log in <paramref name="directory"/>.</exception>
    /// <exception cref="InvalidOperationException">The log has no copy and no settings were given, or they disagree; or another live writer holds the store.</exception>
    /// <exception cref="InvalidDataException">The log is damaged in the middle: salvage it first.</exception>
    internal static RegionStoreManifest RebuildManifest(string directory, RegionStoreManifest? settings = null)
    {
        string logPath = Path.Combine(directory, LogFileName);
        if (!File.Exists(logPath)) throw new DirectoryNotFoundException($"'{directory}' holds no {LogFileName} to rebuild a manifest from.");
        using var writerLock = AcquireWriterLock(directory);
        byte[]? copy = null;
        using (var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16))
            foreach (var step in RegionLogReader.Steps(stream, stream.Length))
            {
                if (step.Payload is null)
                {
                    if (step.IsTail) break;
                    throw Damaged(directory, step.Offset, step.Offset + step.Length);
                }
                if (copy is null && TryDecodeKey(step.Payload) == RegionLogMetadata.ManifestKey) copy = RegionLogMetadata.Value(step.Payload);
            }
        var manifest = copy is null ? null : RegionStoreManifestFile.FromJson(copy, $"{logPath} (its manifest record)");
        if (manifest is not null && settings is not null && manifest.Differences(settings) is { Count: > 0 } differences)
            throw new InvalidOperationException(
                $"The log of '{directory}' says it was made with other settings than the ones given ({string.Join("; ", differences)}; log first); nothing was written.");
        manifest ??= settings ?? throw new InvalidOperationException(
            $"The log of '{directory}' predates the manifest copy in the log: give the settings it was made with (run the same segment command with --rebuild-manifest).");
        RegionStoreManifestFile.Write(Path.Combine(directory, ManifestFileName), manifest);
        return manifest;
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
            if (TryDecodeKey(payload) is { } key && RegionLogMetadata.IsMetadata(key)) continue;
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
    internal void Add(string key, int width, int height, IReadOnlyList<Region> regions)
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
    /// <param name="target">The store to copy into.</param>
    /// <param name="sources">The stores to copy from.</param>
    /// <param name="allowMissingShards">
    /// When the sources were filled as shards (<see cref="RegionStoreWriter.Run(RegionStore, IEnumerable{ValueTuple{string, Func{ImageRegions}}}, ShardSpec?, IProgress{RegionStoreProgress}?, CancellationToken)"/>
    /// with a shard of N), a merge without every shard 0..N-1 among them is refused unless this is true.
    /// </param>
    /// <returns>How many entries were copied and how many were skipped as already present.</returns>
    /// <exception cref="InvalidOperationException">A source was made with other settings than the first source or the target, or shards are missing.</exception>
    internal static RegionStoreMergeResult Merge(string target, IEnumerable<string> sources, bool allowMissingShards = false)
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
            if (!allowMissingShards) CheckShardsComplete(opened);
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

    /// <summary>The shards (<c>i/N</c>) runs filled this store with; empty for a store filled whole.</summary>
    internal IReadOnlyCollection<ShardSpec> Shards { get { lock (_gate) return _shards.ToArray(); } }

    /// <summary>Closes the log file and releases the writer's lock.</summary>
    public void Dispose()
    {
        _append?.Dispose();
        _log.Dispose();
        _lock?.Dispose();
    }

    /// <summary>Records in the log that a run filled this store as <paramref name="shard"/> (once per shard).</summary>
    internal void RecordShard(ShardSpec shard)
    {
        lock (_gate)
            if (_shards.Contains(shard)) return;
        AppendPayload(RegionLogMetadata.ShardKey + shard, RegionLogMetadata.Encode(RegionLogMetadata.ShardKey + shard, Array.Empty<byte>()));
        lock (_gate) _shards.Add(shard);
    }

    private static void CheckShardsComplete(IReadOnlyList<RegionStore> sources)
    {
        var shards = sources.SelectMany(s => s.Shards).ToList();
        if (shards.Count == 0) return;
        var counts = shards.Select(s => s.Count).Distinct().ToList();
        if (counts.Count > 1)
            throw new InvalidOperationException($"The stores to merge were filled as shards of different counts ({string.Join(", ", counts)}); segment every shard with the same --shard i/N count.");
        var missing = Enumerable.Range(0, counts[0]).Except(shards.Select(s => s.Index)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The stores to merge hold {counts[0] - missing.Count} of {counts[0]} shards; shards {string.Join(", ", missing.Select(i => $"{i}/{counts[0]}"))} " +
                "are not among them (never run, e.g. a scheduler with fewer completions than shards, or their folders left out). " +
                "Run segment --shard i/N for them, or merge what there is with allowMissingShards.");
    }

    private static StoreWriterLock AcquireWriterLock(string directory) =>
        StoreWriterLock.Acquire(Path.Combine(directory, LockFileName), $"Region store '{directory}'");

    private static string? TryDecodeKey(byte[] payload)
    {
        try { return StoreEntryCodec.DecodeKey(payload); }
        catch (Exception e) when (e is IOException or FormatException) { return null; }
    }

    private static InvalidDataException Damaged(string directory, long offset, long next) =>
        new($"Region store '{directory}': {Path.Combine(directory, LogFileName)} is damaged at byte {offset}, and intact records follow from byte {next}: " +
            "this is not the torn tail of a stopped run, so nothing was opened or changed. Keep every intact record with " +
            $"'samclr segment --salvage --out {directory}' (RegionStore.Salvage), which copies the damaged log aside first.");

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
        if (_append is null)
            throw new InvalidOperationException($"Region store '{Directory}' was opened read-only; use RegionStore.OpenOrCreate to add entries.");
        var frame = RegionLogFrame.Wrap(payload);
        lock (_gate)
        {
            if (_offsets.ContainsKey(key))
                throw new InvalidOperationException($"Region store '{Directory}' already holds '{key}'; each image is stored once.");
            long offset = _append.Append(frame);
            _offsets.Add(key, offset);
            if (!RegionLogMetadata.IsMetadata(key)) _keys.Add(key);
            _end = offset + frame.Length;
        }
    }

    /// <summary>
    /// Indexes the intact records from the start of the log; returns where the intact part ends. A torn tail is left
    /// for the caller; damage followed by intact records is refused (<see cref="Damaged"/>).
    /// </summary>
    private long Index(long length)
    {
        var stream = new BufferedStream(_log, 1 << 16); // not disposed: that would close the log itself
        foreach (var step in RegionLogReader.Steps(stream, length))
        {
            if (step.Payload is null)
            {
                if (step.IsTail) return step.Offset;
                throw Damaged(Directory, step.Offset, step.Offset + step.Length);
            }
            string key;
            try { key = StoreEntryCodec.DecodeKey(step.Payload); }
            // IOException covers a short payload (EndOfStreamException) and a negative string length.
            catch (Exception e) when (e is IOException or FormatException) { throw Corrupt(step.Offset, "its key does not decode", e); }
            if (!_offsets.TryAdd(key, step.Offset)) continue;
            if (!RegionLogMetadata.IsMetadata(key)) _keys.Add(key);
            else if (key.StartsWith(RegionLogMetadata.ShardKey, StringComparison.Ordinal))
            {
                try { _shards.Add(ShardSpec.Parse(key[RegionLogMetadata.ShardKey.Length..])); }
                catch (FormatException e) { throw Corrupt(step.Offset, "its shard record does not parse", e); }
            }
        }
        return length;
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
        new($"Region store '{Directory}': the record at byte {offset} of {LogFileName} is damaged ({why}); " +
            $"keep every other record with 'samclr segment --salvage --out {Directory}' (RegionStore.Salvage).", inner);
}
