namespace SamClr.MLNet.Tests.Reliability;

/// <summary>
/// Runs one fuzz input against a parser and checks the three promises of issue 7 item 5: it either returns or throws
/// one of the documented exception types (anything else fails the test, naming the case), it finishes within
/// <see cref="Timeout"/> (so a hang fails instead of blocking the run), and the parse allocates at most
/// <see cref="MaxAllocatedBytes"/> on its thread (so a huge length field is rejected, not allocated).
/// </summary>
internal static class FuzzCase
{
    /// <summary>Longest a single case may run: 5 s, far above the milliseconds a well-behaved parse takes.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Most bytes one parse of a small (under 1 MiB) input may allocate: 64 MiB.</summary>
    public const long MaxAllocatedBytes = 64L << 20;

    /// <summary>
    /// Runs <paramref name="parse"/> on a worker thread; returns null when it parsed, else the documented exception it threw.
    /// </summary>
    /// <param name="name">The case, for messages (for example "seed 7, case 123").</param>
    /// <param name="parse">The parse to run.</param>
    /// <param name="documented">The exception types the parser documents; subclasses do not count, except those listed.</param>
    public static Exception? Run(string name, Action parse, params Type[] documented)
    {
        long allocated = 0;
        var task = Task.Run(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                parse();
            }
            finally
            {
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
        });
        bool finished;
        try
        {
            finished = task.Wait(Timeout);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            var thrown = e.InnerException!;
            if (!documented.Contains(thrown.GetType()))
                throw new Xunit.Sdk.XunitException(
                    $"{name}: threw {thrown.GetType().FullName} ({thrown.Message}); documented: {string.Join(", ", documented.Select(t => t.Name))}.\n{thrown}");
            CheckAllocation(name, allocated);
            return thrown;
        }
        if (!finished)
            throw new Xunit.Sdk.XunitException($"{name}: did not finish within {Timeout.TotalSeconds} s (a hang).");
        CheckAllocation(name, allocated);
        return null;
    }

    private static void CheckAllocation(string name, long allocated)
    {
        if (allocated > MaxAllocatedBytes)
            throw new Xunit.Sdk.XunitException($"{name}: allocated {allocated:N0} bytes, more than the {MaxAllocatedBytes:N0} allowed for a small input.");
    }
}
