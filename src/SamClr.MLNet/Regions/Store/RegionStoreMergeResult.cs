namespace SamClr.MLNet.Regions.Store;

/// <summary>The outcome of <see cref="RegionStore.Merge"/>.</summary>
/// <param name="Copied">Entries copied into the target.</param>
/// <param name="AlreadyPresent">Entries skipped because the target already held their key.</param>
internal sealed record RegionStoreMergeResult(int Copied, int AlreadyPresent);
