namespace SamClr.MLNet.Views;

/// <summary>
/// The jitter steps of a batch whose samples drew their own order (<see cref="ViewParameters.JitterOrder"/>), as the
/// batched operations that run them: for step k = 0..3 and each kind of step (brightness, contrast, saturation, hue),
/// the jittered samples whose k-th step is of that kind, in ascending order. One flat list of sample indices with a
/// (step, kind, start, count) entry per non-empty group.
/// </summary>
internal sealed class JitterSchedule
{
    private JitterSchedule(IReadOnlyList<(int Step, int Kind, int Start, int Count)> groups, long[] indices)
    {
        Groups = groups;
        Indices = indices;
    }

    /// <summary>The batched operations in the order they run: the step, the kind of step and its samples' range in <see cref="Indices"/>.</summary>
    internal IReadOnlyList<(int Step, int Kind, int Start, int Count)> Groups { get; }

    /// <summary>The sample indices of every group, one after the other.</summary>
    internal long[] Indices { get; }

    /// <summary>The schedule of <paramref name="p"/>, or null when every sample uses the fixed order (the faster path applies).</summary>
    internal static JitterSchedule? For(ViewParameters p)
    {
        if (p.JitterInFixedOrder) return null;
        var groups = new List<(int Step, int Kind, int Start, int Count)>();
        var indices = new List<long>();
        for (int step = 0; step < ViewParameters.JitterSteps; step++)
            for (int kind = 0; kind < ViewParameters.JitterSteps; kind++)
            {
                int start = indices.Count;
                for (int i = 0; i < p.Count; i++)
                    if (p.Jitter[i] && p.JitterOrder[i * ViewParameters.JitterSteps + step] == kind) indices.Add(i);
                if (indices.Count > start) groups.Add((step, kind, start, indices.Count - start));
            }
        return new JitterSchedule(groups, indices.ToArray());
    }
}
