namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// What a <see cref="RegionStore"/> was made with: the proposer, its settings, the model files, and the canvas the
/// images were segmented on. Two stores (or a store and a new run) may only be mixed when these agree
/// (<see cref="Differences"/>), so regions from different settings never end up side by side. Saved as
/// <c>manifest.json</c> in the store folder.
/// </summary>
public sealed class RegionStoreManifest
{
    /// <summary>The store layout this code writes and reads: 1 (<c>manifest.json</c> plus the append-only <c>regions.log</c>).</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Creates a manifest.</summary>
    /// <param name="proposer">The proposer's <see cref="IRegionProposer.Name"/>.</param>
    /// <param name="parameters">The proposer's <see cref="IRegionProposer.Parameters"/>.</param>
    /// <param name="modelHashes">Model file name to SHA-256 (<see cref="ModelFileHash.ComputeAll"/>); empty for a weight-free proposer.</param>
    /// <param name="canvasSize">Side of the square canvas the images were decoded onto before segmenting, or null when masks are at each image's original size (imported masks).</param>
    /// <param name="createdUtc">When the store was created; informational, not compared.</param>
    /// <param name="formatVersion">The store layout version; <see cref="CurrentFormatVersion"/> for new stores.</param>
    internal RegionStoreManifest(string proposer, IReadOnlyDictionary<string, string> parameters,
        IReadOnlyDictionary<string, string> modelHashes, int? canvasSize, DateTimeOffset createdUtc,
        int formatVersion = CurrentFormatVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(proposer);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(modelHashes);
        if (canvasSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(canvasSize), $"Canvas size must be positive, got {canvasSize}.");
        Proposer = proposer;
        Parameters = new SortedDictionary<string, string>(parameters.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        ModelHashes = new SortedDictionary<string, string>(modelHashes.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        CanvasSize = canvasSize;
        CreatedUtc = createdUtc.ToUniversalTime();
        FormatVersion = formatVersion;
    }

    /// <summary>Builds the manifest for segmenting with <paramref name="proposer"/>, hashing <paramref name="modelFiles"/> and stamping the current time.</summary>
    /// <param name="proposer">The proposer that fills the store.</param>
    /// <param name="canvasSize">Side of the square canvas images are decoded onto, or null for original-size masks.</param>
    /// <param name="modelFiles">The model files the proposer loads (SAM encoder and decoder ONNX files); none for a weight-free proposer.</param>
    internal static RegionStoreManifest For(IRegionProposer proposer, int? canvasSize, IEnumerable<string>? modelFiles = null)
    {
        ArgumentNullException.ThrowIfNull(proposer);
        return new RegionStoreManifest(proposer.Name, proposer.Parameters,
            ModelFileHash.ComputeAll(modelFiles ?? Array.Empty<string>()), canvasSize, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The manifest of a store filled by importing masks made with SAM in Python (amg.py outputs) from
    /// <paramref name="masksDirectory"/>: proposer "amg-import", masks at each image's original size.
    /// </summary>
    internal static RegionStoreManifest ForImportedMasks(string masksDirectory) =>
        new("amg-import", new Dictionary<string, string> { ["masks"] = Path.GetFullPath(masksDirectory) },
            new Dictionary<string, string>(), null, DateTimeOffset.UtcNow);

    /// <summary>The store layout version the store was written with.</summary>
    public int FormatVersion { get; }

    /// <summary>The proposer's name (<see cref="IRegionProposer.Name"/>).</summary>
    public string Proposer { get; }

    /// <summary>The proposer's settings, sorted by name (<see cref="IRegionProposer.Parameters"/>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Model file name to SHA-256 (64 lower-case hex digits), sorted by name; empty for a weight-free proposer.</summary>
    public IReadOnlyDictionary<string, string> ModelHashes { get; }

    /// <summary>
    /// The largest side images were segmented at (each image's longest side reduced to at most this many pixels, never
    /// enlarged; every entry records its own size), or null when masks are at each image's original size.
    /// </summary>
    public int? CanvasSize { get; }

    /// <summary>When the store was created (UTC). Not part of <see cref="Differences"/>.</summary>
    public DateTimeOffset CreatedUtc { get; }

    /// <summary>
    /// Human-readable descriptions of every way <paramref name="other"/> differs from this manifest in format version,
    /// proposer, parameters, model hashes or canvas size; empty when regions from the two may be mixed.
    /// </summary>
    public IReadOnlyList<string> Differences(RegionStoreManifest other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        if (FormatVersion != other.FormatVersion)
            differences.Add($"format version {FormatVersion} vs {other.FormatVersion}");
        if (Proposer != other.Proposer)
            differences.Add($"proposer '{Proposer}' vs '{other.Proposer}'");
        CompareMaps("parameter", Parameters, other.Parameters, differences);
        CompareMaps("model file", ModelHashes, other.ModelHashes, differences);
        if (CanvasSize != other.CanvasSize)
            differences.Add($"canvas size {Describe(CanvasSize)} vs {Describe(other.CanvasSize)}");
        return differences;
    }

    private static void CompareMaps(string what, IReadOnlyDictionary<string, string> mine, IReadOnlyDictionary<string, string> theirs, List<string> differences)
    {
        foreach (var name in mine.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
        {
            mine.TryGetValue(name, out var a);
            theirs.TryGetValue(name, out var b);
            if (a != b)
                differences.Add($"{what} '{name}' {a ?? "(absent)"} vs {b ?? "(absent)"}");
        }
    }

    private static string Describe(int? canvas) => canvas?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(original image size)";
}
