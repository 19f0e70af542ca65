using System.Collections.Concurrent;
using SamClr.MLNet.Data;
using SamClr.MLNet.Training.Checkpoints;
using SamClr.MLNet.Views;

namespace SamClr.MLNet.Training;

/// <summary>
/// Prepares the views of the next batches of an epoch on CPU worker threads. When training on a GPU, a producer cuts
/// batch after batch (<see cref="ViewCutter"/>) into a bounded queue while the current step runs, and <see cref="Next"/>
/// hands them out in order. When training on the CPU, the step itself needs every core (libtorch's OpenMP team waits at
/// every barrier for any of its threads that other work has displaced), so <see cref="Next"/> cuts each batch itself,
/// on all worker threads, between steps. Each batch draws from its own random source, seeded by (seed, step) (<see cref="ForStep"/>), so the
/// views depend neither on the number of threads nor on how far the producer ran ahead, and a resumed run sees the
/// same views as an uninterrupted one. Resident memory is the queue: <c>depth</c> batches of crops.
/// </summary>
internal sealed class ViewBatchLoader : IDisposable
{
    private readonly BlockingCollection<PreparedViews>? _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task? _producer;
    private readonly Func<int, PreparedViews> _prepare;
    private int _next;
    private readonly int _end;

    /// <summary>Starts preparing batches [<paramref name="firstBatch"/>, <paramref name="endBatch"/>) of an epoch.</summary>
    /// <param name="images">Source images.</param>
    /// <param name="boxes">Where each image's views come from.</param>
    /// <param name="plan">The method's views per image.</param>
    /// <param name="order">The epoch's shuffled image order.</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="firstBatch">First batch of the epoch to prepare.</param>
    /// <param name="endBatch">One past the last batch.</param>
    /// <param name="firstStep">The global step number of <paramref name="firstBatch"/>.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="workers">Threads that cut crops.</param>
    /// <param name="depth">Batches prepared ahead on a background thread; 0 prepares each batch when it is asked for.</param>
    internal ViewBatchLoader(ISourceImages images, IViewBoxSource boxes, IReadOnlyList<ViewAugmentationOptions> plan, int[] order,
        int batchSize, int firstBatch, int endBatch, int firstStep, int seed, int workers, int depth)
    {
        _prepare = b => ViewCutter.Prepare(images, new ReadOnlySpan<int>(order, b * batchSize, batchSize), boxes, plan,
            ForStep(seed, firstStep + b - firstBatch), workers);
        _next = firstBatch;
        _end = endBatch;
        if (depth == 0) return;
        _queue = new BlockingCollection<PreparedViews>(depth);
        var token = _stop.Token;
        _producer = Task.Factory.StartNew(() =>
        {
            try
            {
                for (int b = firstBatch; b < endBatch && !token.IsCancellationRequested; b++)
                    _queue.Add(_prepare(b), token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            finally
            {
                _queue.CompleteAdding();
            }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The next batch's views; waits for the producer, and rethrows what it failed with.</summary>
    internal PreparedViews Next()
    {
        if (_queue is null)
            return _next < _end ? _prepare(_next++) : throw new InvalidOperationException("The view loader has no more batches for this epoch.");
        if (_queue.TryTake(out var batch, Timeout.Infinite)) return batch;
        _producer!.GetAwaiter().GetResult();
        throw new InvalidOperationException("The view loader has no more batches for this epoch.");
    }

    /// <summary>The random source of the views of step <paramref name="step"/> of a run seeded with <paramref name="seed"/>.</summary>
    internal static Random ForStep(int seed, int step) =>
        new CheckpointRandom(unchecked((long)seed * 0x5851F42D4C957F2DL + step * 0x14057B7EF767814FL + 0x2545F4914F6CDD1DL));

    /// <summary>Stops the producer and waits for it.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer?.Wait();
        }
        catch (AggregateException)
        {
            // The failure was (or would have been) reported by Next; disposal only has to stop the thread.
        }
        _queue?.Dispose();
        _stop.Dispose();
    }
}
