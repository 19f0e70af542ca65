namespace SamClr.MLNet.Regions;

/// <summary>
/// Proposes the regions of one image: SAM's automatic mask generator, an import of its saved outputs, or the
/// weight-free default segmenter. Implementations are deterministic for given parameters.
/// </summary>
public interface IRegionProposer
{
    /// <summary>A short, stable name of the proposer (recorded in a mask store's manifest).</summary>
    string Name { get; }

    /// <summary>
    /// Every setting that changes the regions proposed (thresholds, grid size, model file hashes, …) as invariant-culture
    /// strings. A mask store's manifest records these with <see cref="Name"/>, so regions computed with different settings
    /// are never mixed in one store.
    /// </summary>
    IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Proposes the regions of one image.</summary>
    /// <param name="planarRgb">
    /// The image as three planes (R, then G, then B) of <paramref name="height"/> x <paramref name="width"/> bytes each,
    /// row-major — the layout <see cref="Data.ImageSet"/> stores.
    /// </param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="cancellation">Stops the work early.</param>
    /// <returns>The regions, each mask <paramref name="height"/> x <paramref name="width"/>; possibly empty.</returns>
    IReadOnlyList<Region> Propose(ReadOnlySpan<byte> planarRgb, int width, int height, CancellationToken cancellation = default);
}
