namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Greedy non-maximum suppression on boxes, as torchvision's <c>nms</c> (which SAM's automatic mask generator
/// calls through <c>batched_nms</c> with a single category).
/// </summary>
internal static class SamBoxNms
{
    /// <summary>
    /// Visits boxes by descending score and keeps a box unless its IoU (<see cref="SamMaskBox.IoU"/>) with an already
    /// kept box is greater than <paramref name="iouThreshold"/>. Equal scores keep their input order (a stable sort;
    /// torchvision does not promise an order for ties). NaN scores sort last.
    /// </summary>
    /// <param name="boxes">The boxes.</param>
    /// <param name="scores">One score per box (SAM uses the predicted IoU within a crop, 1 / crop area across crops).</param>
    /// <param name="iouThreshold">Suppress boxes overlapping a kept one by more than this (SAM's default 0.7).</param>
    /// <returns>Indices of the kept boxes, highest score first (the order SAM keeps its masks in).</returns>
    /// <exception cref="ArgumentException">When the lists differ in length.</exception>
    public static int[] Greedy(IReadOnlyList<SamMaskBox> boxes, IReadOnlyList<float> scores, double iouThreshold)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(scores);
        if (boxes.Count != scores.Count)
            throw new ArgumentException($"Got {boxes.Count} boxes but {scores.Count} scores; give one score per box.", nameof(scores));

        var order = Enumerable.Range(0, boxes.Count)
            .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .ToArray();
        var kept = new List<int>();
        foreach (int candidate in order)
        {
            bool suppressed = false;
            foreach (int k in kept)
            {
                if (SamMaskBox.IoU(boxes[k], boxes[candidate]) > iouThreshold)
                {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) kept.Add(candidate);
        }
        return kept.ToArray();
    }
}
