namespace SamClr.MLNet.Regions.Store;

/// <summary>One step through <c>regions.log</c>: an intact record, or a damaged stretch.</summary>
/// <param name="Offset">Where the record or the damage starts.</param>
/// <param name="Payload">The intact record's payload; null for damage.</param>
/// <param name="Length">Bytes the record or the damage spans.</param>
/// <param name="IsTail">For damage: true when no intact record follows (the torn tail of a stopped writer).</param>
internal readonly record struct RegionLogStep(long Offset, byte[]? Payload, long Length, bool IsTail);

/// <summary>Walks the records of a log from its start, reporting each intact record and each damaged stretch between them.</summary>
internal static class RegionLogReader
{
    /// <summary>The records and damaged stretches of the first <paramref name="length"/> bytes of <paramref name="stream"/>, in order.</summary>
    public static IEnumerable<RegionLogStep> Steps(Stream stream, long length)
    {
        long position = 0;
        while (position < length)
        {
            stream.Position = position;
            if (RegionLogFrame.TryRead(stream, length) is { } payload)
            {
                long next = stream.Position;
                yield return new RegionLogStep(position, payload, next - position, false);
                position = next;
                continue;
            }
            long intact = RegionLogFrame.FindNextIntact(stream, position + 1, length);
            long stop = intact < 0 ? length : intact;
            yield return new RegionLogStep(position, null, stop - position, intact < 0);
            position = stop;
        }
    }
}
