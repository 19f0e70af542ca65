using System.Runtime.ExceptionServices;

namespace SamClr.MLNet.Scenes;

/// <summary>The parallel loop and buffer check both built-in generators (square shape scenes and street scenes) run on.</summary>
internal static class SyntheticImageBatch
{
    /// <summary>
    /// Runs <paramref name="compose"/> for every image index in parallel, one <typeparamref name="TWorker"/> (scratch
    /// buffers) per worker thread, on at most <paramref name="maxDegreeOfParallelism"/> threads (null: all cores), and
    /// rethrows the first failure as itself rather than wrapped in an AggregateException.
    /// </summary>
    public static void ForEachImage<TWorker>(int count, Func<TWorker> createWorker, Action<int, TWorker> compose, int? maxDegreeOfParallelism = null)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? -1 };
        try
        {
            Parallel.For(0, count, options, createWorker, (index, _, worker) =>
            {
                compose(index, worker);
                return worker;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Runs <paramref name="body"/> for every index in parallel, rethrowing the first failure as itself.</summary>
    public static void ForEachImage(int count, Action<int> body) => ForEachImage(count, () => 0, (index, _) => body(index));

    /// <summary>A buffer for <paramref name="count"/> images of <paramref name="plane"/> bytes, or an exception when one .NET array cannot hold them.</summary>
    public static byte[] Allocate(int count, long plane)
    {
        long length = count * plane;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count),
                $"{count} images of {plane} bytes need {length} bytes, more than one array holds ({Array.MaxLength}). Generate fewer or smaller images per call.");
        return new byte[length];
    }
}
