namespace SamClr.MLNet.Regions.Store;

/// <summary>The regions of one image as a <see cref="RegionStore"/> holds them.</summary>
/// <param name="Key">The image's key (<see cref="StoreKeys"/>).</param>
/// <param name="Width">Width in pixels of the image the regions were proposed on (every mask is this wide).</param>
/// <param name="Height">Height in pixels of the image the regions were proposed on (every mask is this tall).</param>
/// <param name="Regions">The regions; empty when the proposer found none (the image then trains on the whole image).</param>
public sealed record StoreEntry(string Key, int Width, int Height, IReadOnlyList<Region> Regions);
