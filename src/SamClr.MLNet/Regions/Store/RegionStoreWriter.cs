using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Store;

/// <summary>
/// The segmentation loop that fills a <see cref="RegionStore"/>: for each image of this shard that the store does not
/// hold yet, load it, propose its regions, and append them atomically. Stopping (cancellation, a killed process) loses at
/// most the image in progress, and a new run over the same images skips everything already stored, so runs resume.
/// An image that fails to load or segment is counted with its key and left out of the store (a later run retries it);
/// the run goes on with the next image.
/// </summary>
internal static class RegionStoreWriter
{
    /// <summary>Segments the images with <paramref name="proposer"/> into <paramref name="store"/>.</summary>
    /// <param name="store">A store opened for writing whose manifest names <paramref name="proposer"/> and its parameters.</param>
    /// <param name="images">Each image's key (<see cref="StoreKeys"/>) and a function that decodes it (called only for images that need segmenting).</param>
    /// <param name="proposer">The region proposer.</param>
    /// <param name="shard">The part of the data set this run handles; null (the default) for all of it.</param>
    /// <param name="progress">Receives a report after every image; null for none.</param>
    /// <param name="cancellation">Stops the run between images (and inside the proposer when it checks); entries written so far stay.</param>
    /// <exception cref="InvalidOperationException">The store's manifest names another proposer or other parameters.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static RegionStoreRunResult Run(RegionStore store, IEnumerable<(string Key, Func<DecodedImage> Load)> images,
        IRegionProposer proposer, ShardSpec? shard = null, IProgress<RegionStoreProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(proposer);
        var differences = store.Manifest.Differences(
            new RegionStoreManifest(proposer.Name, proposer.Parameters, store.Manifest.ModelHashes, store.Manifest.CanvasSize, store.Manifest.CreatedUtc));
        if (differences.Count > 0)
            throw new InvalidOperationException(
                $"Region store '{store.Directory}' was made with other settings than this proposer ({string.Join("; ", differences)}; stored value first). " +
                "Write to a new folder (--out), or delete this one to segment again.");
        var items = images.Select(image => (image.Key, (Func<CancellationToken, ImageRegions>)(token => Propose(store, image.Key, image.Load(), proposer, token))));
        return Run(store, items, shard, progress, cancellation, Count(images));
    }

    /// <summary>
    /// Stores regions that come from elsewhere (for example masks imported from SAM's amg.py outputs) with the same
    /// skip, atomic-write, failure-counting and progress behaviour as the proposer overload.
    /// </summary>
    /// <param name="store">A store opened for writing.</param>
    /// <param name="images">Each image's key and a function that produces its regions (called only for images not yet stored).</param>
    /// <param name="shard">The part of the data set this run handles; null (the default) for all of it.</param>
    /// <param name="progress">Receives a report after every image; null for none.</param>
    /// <param name="cancellation">Stops the run between images; entries written so far stay.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static RegionStoreRunResult Run(RegionStore store, IEnumerable<(string Key, Func<ImageRegions> Regions)> images,
        ShardSpec? shard = null, IProgress<RegionStoreProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(images);
        var items = images.Select(image => (image.Key, (Func<CancellationToken, ImageRegions>)(_ => image.Regions())));
        return Run(store, items, shard, progress, cancellation, Count(images));
    }

    private static RegionStoreRunResult Run(RegionStore store, IEnumerable<(string Key, Func<CancellationToken, ImageRegions> Produce)> items,
        ShardSpec? shard, IProgress<RegionStoreProgress>? progress, CancellationToken cancellation, int? total)
    {
        if (shard is { Count: > 1 } recorded) store.RecordShard(recorded);
        int seen = 0, written = 0, stored = 0, otherShards = 0;
        var failures = new List<(string Key, string Error)>();
        foreach (var (key, produce) in items)
        {
            cancellation.ThrowIfCancellationRequested();
            seen++;
            if (shard is { } part && !part.Contains(key)) otherShards++;
            else if (store.Contains(key)) stored++;
            else
            {
                try
                {
                    var result = produce(cancellation);
                    store.Add(key, result.Width, result.Height, result.Regions);
                    written++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    failures.Add((key, e.Message));
                }
            }
            progress?.Report(new RegionStoreProgress(seen, total, written, stored + otherShards, failures.Count, key));
        }
        return new RegionStoreRunResult(written, stored, otherShards, failures);
    }

    /// <summary>Proposes on the valid extent of the decoded image (its top-left Size.Width x Size.Height pixels), never on the canvas padding.</summary>
    private static ImageRegions Propose(RegionStore store, string key, DecodedImage image, IRegionProposer proposer, CancellationToken cancellation)
    {
        int canvas = (int)Math.Round(Math.Sqrt(image.Pixels.Length / 3.0));
        if (3 * canvas * canvas != image.Pixels.Length)
            throw new InvalidDataException($"Image '{key}' holds {image.Pixels.Length} bytes, not 3 x a square canvas.");
        if (store.Manifest.CanvasSize is { } limit && canvas > limit)
            throw new InvalidDataException($"Image '{key}' was decoded onto a {canvas}-pixel canvas but the store segments images of at most {limit} pixels; decode with a canvas of at most {limit}.");
        int width = image.Size.Width, height = image.Size.Height;
        var planes = new byte[3 * width * height];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < height; y++)
                image.Pixels.AsSpan((c * canvas + y) * canvas, width).CopyTo(planes.AsSpan((c * height + y) * width, width));
        return new ImageRegions(width, height, proposer.Propose(planes, width, height, cancellation));
    }

    private static int? Count<T>(IEnumerable<T> items) => items switch
    {
        IReadOnlyCollection<T> collection => collection.Count,
        ICollection<T> collection => collection.Count,
        _ => null,
    };
}
