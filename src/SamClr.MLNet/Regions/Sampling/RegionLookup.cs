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
    private readonly int _proposerMaxSide;
    private int _missingFromStore;

    /// <summary>
    /// Creates the lookup; with no proposer and no masks, the (read-only) store is the only source. Images longer than
    /// <paramref name="proposerMaxSide"/> are shrunk before the proposer sees them.
    /// </summary>
    public RegionLookup(IRegionProposer? proposer, RegionStore? store, (string ImageRoot, string MaskRoot)? masks, int proposerMaxSide = int.MaxValue)
    {
        _proposer = proposer;
        _proposerMaxSide = proposerMaxSide;
        _store = store;
        _masks = masks;
    }

    /// <summary>Missing mask files, empty region lists and tolerated area mismatches met while importing masks.</summary>
    public ImportWarnings Warnings { get; } = new();

    /// <summary>Images a store-only lookup did not find in the store (they train on the whole image).</summary>
    public int MissingFromStore => Volatile.Read(ref _missingFromStore);

    /// <summary>
    /// The regions of the image keyed <paramref name="key"/> (the path relative to the image root when masks are imported),
    /// with the size of the frame their masks are in: the image's own size, the size of imported masks, or the size the
    /// image was segmented at (the segment command's canvas, or <see cref="SamRegionSampleOptions.ProposerMaxSide"/>). <paramref name="pixels"/> is called only when the
    /// proposer must run.
    /// </summary>
    public ImageRegions Find(string key, int width, int height, Func<byte[]> pixels) =>
        _memory.GetOrAdd(key, k => Load(k, width, height, pixels));

    private ImageRegions Load(string key, int width, int height, Func<byte[]> pixels)
    {
        var stored = _store?.Read(key);
        if (stored != null)
        {
            if (!SameShape(stored.Width, stored.Height, width, height))
                throw new InvalidDataException(
                    $"The mask store '{_store!.Directory}' holds '{key}' as a {stored.Width}x{stored.Height} image, but the image is {width}x{height}, " +
                    "another shape. The store was made from other images: use a new store folder.");
            return new ImageRegions(stored.Width, stored.Height, stored.Regions);
        }
        IReadOnlyList<Region> regions;
        var frame = new ImageSize(width, height);
        if (_masks is { } masks)
        {
            // Masks may be at any resolution of the same image (amg.py on the original, SAM's 1024 frame, a smaller copy):
            // their own size is the frame the regions live in, scaled to the image later.
            lock (Warnings)
                regions = AmgMaskFolder.Load(masks.ImageRoot, masks.MaskRoot, Path.Combine(masks.ImageRoot, key), null, Warnings);
            if (regions.Count > 0) frame = new ImageSize(regions[0].Mask.Width, regions[0].Mask.Height);
            if (!SameShape(frame.Width, frame.Height, width, height))
                throw new InvalidDataException(
                    $"The masks of '{key}' in '{masks.MaskRoot}' are {frame.Width}x{frame.Height}, but the image is {width}x{height}, another shape. " +
                    "They were made from another image: check MasksDirectory and ImageRoot.");
        }
        else if (_proposer != null)
        {
            (regions, frame) = Propose(pixels(), width, height);
        }
        else
        {
            Interlocked.Increment(ref _missingFromStore);
            return new ImageRegions(width, height, Array.Empty<Region>());
        }
        lock (_memory)
            if (_store != null && !_store.Contains(key)) _store.Add(key, frame.Width, frame.Height, regions);
        return new ImageRegions(frame.Width, frame.Height, regions);
    }

    /// <summary>Segments the image, shrunk first when its longest side exceeds the proposer's limit; returns the regions and their frame.</summary>
    private (IReadOnlyList<Region> Regions, ImageSize Frame) Propose(byte[] planar, int width, int height)
    {
        if (Math.Max(width, height) <= _proposerMaxSide) return (_proposer!.Propose(planar, width, height), new ImageSize(width, height));
        int side = _proposerMaxSide;
        var canvas = new byte[3 * side * side];
        var frame = ImageResizer.ResizeOntoCanvas(planar, height, width, side, canvas);
        var shrunk = new byte[3 * frame.Width * frame.Height];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < frame.Height; y++)
                canvas.AsSpan((c * side + y) * side, frame.Width).CopyTo(shrunk.AsSpan((c * frame.Height + y) * frame.Width, frame.Width));
        return (_proposer!.Propose(shrunk, frame.Width, frame.Height), frame);
    }

    /// <summary>Whether a w1 x h1 frame and a w2 x h2 image have the same aspect ratio, within a pixel of rounding.</summary>
    private static bool SameShape(int w1, int h1, int w2, int h2) =>
        Math.Abs((double)w1 / h1 - (double)w2 / h2) <= 2.0 / Math.Min(h1, h2);

    public void Dispose() => _store?.Dispose();
}
