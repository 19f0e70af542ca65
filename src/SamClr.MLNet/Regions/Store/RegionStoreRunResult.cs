namespace SamClr.MLNet.Regions.Store;

/// <summary>The outcome of a <see cref="RegionStoreWriter"/> run.</summary>
/// <param name="Written">Images segmented and stored in this run.</param>
/// <param name="AlreadyStored">Images skipped because the store already held them (a resumed run).</param>
/// <param name="OtherShards">Images skipped because they belong to another shard.</param>
/// <param name="Failures">Each image that could not be loaded or segmented, as (key, error message); a later run retries them.</param>
internal sealed record RegionStoreRunResult(int Written, int AlreadyStored, int OtherShards, IReadOnlyList<(string Key, string Error)> Failures);
