namespace SamClr.MLNet.Regions.Store;

/// <summary>The regions found for one image, ready to be stored.</summary>
/// <param name="Width">Width in pixels of the image the masks cover.</param>
/// <param name="Height">Height in pixels of the image the masks cover.</param>
/// <param name="Regions">The regions; every mask is <paramref name="Width"/> x <paramref name="Height"/>.</param>
internal sealed record ImageRegions(int Width, int Height, IReadOnlyList<Region> Regions);
