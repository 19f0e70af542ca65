namespace SamClr.MLNet.Regions.Store;

/// <summary>Progress of a <see cref="RegionStoreWriter"/> run, reported after every image it looks at.</summary>
/// <param name="Seen">Images looked at so far, including skipped and failed ones.</param>
/// <param name="Total">Number of images in the input when it is a collection; null when not known in advance.</param>
/// <param name="Written">Images segmented and stored in this run.</param>
/// <param name="Skipped">Images already in the store (finished by an earlier run) or belonging to another shard.</param>
/// <param name="Failed">Images that could not be loaded or segmented (not stored; a later run retries them).</param>
/// <param name="Key">The key of the image just handled.</param>
internal readonly record struct RegionStoreProgress(int Seen, int? Total, int Written, int Skipped, int Failed, string Key);
