namespace SamClr.MLNet.Regions.Store;

/// <summary>The outcome of <see cref="RegionStore.Salvage"/>.</summary>
/// <param name="Entries">Image entries kept (every intact record; a key written twice is kept once, the first time).</param>
/// <param name="Damaged">The damaged stretches of the old log that were dropped: byte offset and length of each.</param>
/// <param name="BackupPath">Where the old log was copied before it was replaced; null when it had no damage and was left alone.</param>
internal sealed record RegionStoreSalvageResult(int Entries, IReadOnlyList<(long Offset, long Length)> Damaged, string? BackupPath);
