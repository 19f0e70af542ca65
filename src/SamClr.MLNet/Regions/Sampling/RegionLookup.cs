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
    private readonly ConcurrentDictionary<string, ImageRegions> _memory = new(StringComparer.Ordinal);
    private readonly IRegionProposer? _proposer;
    private readonly RegionStore? _store;
    private readonly (string ImageRoot, string MaskRoot)? _masks;
    private int _missingFromStore;

    /// <summary>Creates the lookup; with no proposer and no masks, the (read-only) store is the only source.</summary>
    public RegionLookup(IRegionProposer? proposer, RegionStore? store, (string ImageRoot, string MaskRoot)? masks)
    {
        _proposer = proposer;
        _store = store;
        _masks = masks;
    }

    /// <summary>Missing mask files, empty region lists and tolerated area mismatches met while importing masks.</summary>
    public ImportWarnings Warnings { get; } = new();

    /// <summary>Images a store-only lookup did not find in the store (they train on the whole image).</summary>
    public int MissingFromStore => Volatile.Read(ref _missingFromStore);

    /// <summary>
    /// The regions of the image keyed <paramref name="key"/> (the path relative to the image root when masks are imported),
    /// with the size of the frame their masks are in: the image's own size, or the size the image was segmented at when
    /// the store was filled by the segment command on a smaller canvas. <paramref name="pixels"/> is called only when the
    /// proposer must run.
    /// </summary>
    public ImageRegions Find(string key, int width, int height, Func<byte[]> pixels) =>
        _memory.GetOrAdd(key, k => Load(k, width, height, pixels));

    private ImageRegions Load(string key, int width, int height, Func<byte[]> pixels)
    {
        var stored = _store?.Read(key);
        if (stored != null)
        {
            double aspectError = Math.Abs((double)stored.Width / stored.Height - (double)width / height);
            if (aspectError > 2.0 / Math.Min(stored.Height, height))
                throw new InvalidDataException(
                    $"The mask store '{_store!.Directory}' holds '{key}' as a {stored.Width}x{stored.Height} image, but the image is {width}x{height}, " +
                    "another shape. The store was made from other images: use a new store folder.");
            return new ImageRegions(stored.Width, stored.Height, stored.Regions);
        }
        IReadOnlyList<Region> regions;
        if (_masks is { } masks)
        {
            lock (Warnings)
                regions = AmgMaskFolder.Load(masks.ImageRoot, masks.MaskRoot, Path.Combine(masks.ImageRoot, key), new ImageSize(width, height), Warnings);
        }
        else if (_proposer != null)
        {
            regions = _proposer.Propose(pixels(), width, height);
        }
        else
        {
            Interlocked.Increment(ref _missingFromStore);
            return new ImageRegions(width, height, Array.Empty<Region>());
        }
        lock (_memory)
            if (_store != null && !_store.Contains(key)) _store.Add(key, width, height, regions);
        return new ImageRegions(width, height, regions);
    }

    public void Dispose() => _store?.Dispose();
}
