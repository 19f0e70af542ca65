using System.Collections.Concurrent;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Regions.Sampling;

/// <summary>
/// Finds the regions of one image, cheapest source first: this transformer's memory, the mask store, imported
/// amg.py masks, and finally the proposer; what was imported or proposed is added to the store. Thread-safe.
/// </summary>
internal sealed class RegionLookup : IDisposable
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<Region>> _memory = new(StringComparer.Ordinal);
    private readonly IRegionProposer _proposer;
    private readonly RegionStore? _store;
    private readonly (string ImageRoot, string MaskRoot)? _masks;

    public RegionLookup(IRegionProposer proposer, RegionStore? store, (string ImageRoot, string MaskRoot)? masks)
    {
        _proposer = proposer;
        _store = store;
        _masks = masks;
    }

    /// <summary>Missing mask files, empty region lists and tolerated area mismatches met while importing masks.</summary>
    public ImportWarnings Warnings { get; } = new();

    /// <summary>
    /// The regions of the image keyed <paramref name="key"/> (the path relative to the image root when masks are imported);
    /// <paramref name="pixels"/> is called only when the proposer must run.
    /// </summary>
    public IReadOnlyList<Region> Find(string key, int width, int height, Func<byte[]> pixels) =>
        _memory.GetOrAdd(key, k => Load(k, width, height, pixels));

    private IReadOnlyList<Region> Load(string key, int width, int height, Func<byte[]> pixels)
    {
        var stored = _store?.Read(key);
        if (stored != null)
        {
            if (stored.Width != width || stored.Height != height)
                throw new InvalidDataException(
                    $"The mask store '{_store!.Directory}' holds '{key}' as a {stored.Width}x{stored.Height} image, but the image is {width}x{height}. " +
                    "The store was made from other images: use a new store folder.");
            return stored.Regions;
        }
        IReadOnlyList<Region> regions;
        if (_masks is { } masks)
        {
            lock (Warnings)
                regions = AmgMaskFolder.Load(masks.ImageRoot, masks.MaskRoot, Path.Combine(masks.ImageRoot, key), new ImageSize(width, height), Warnings);
        }
        else
        {
            regions = _proposer.Propose(pixels(), width, height);
        }
        lock (_memory)
            if (_store != null && !_store.Contains(key)) _store.Add(key, width, height, regions);
        return regions;
    }

    public void Dispose() => _store?.Dispose();
}
