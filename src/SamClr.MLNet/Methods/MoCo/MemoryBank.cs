using SamClr.MLNet.Compute;
using SamClr.MLNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// MoCo's memory bank: a first-in-first-out queue of <see cref="Capacity"/> L2-normalised key projections used as
/// negatives. It starts filled with random unit vectors (as MoCo's official code and Lightly do), and
/// <see cref="Enqueue"/> overwrites the oldest rows, wrapping around the end. The queue is not a parameter (it is never
/// trained) and moves itself to the device of the keys it receives or the negatives asked for, so it follows the method
/// to its training device without relying on Module.to (which, probed with TorchSharp 0.107, converted neither a
/// registered non-persistent buffer nor a tensor field of this module). Being a field, the queue is not in the
/// module's state_dict; training checkpoints store it and <see cref="Pointer"/> through <see cref="ICheckpointState"/>.
/// </summary>
internal sealed class MemoryBank : nn.Module, ICheckpointState, ISeededInitialization
{
    private Tensor queue;

    /// <summary>Creates a bank of random unit vectors drawn from libtorch's global generator; estimators redraw them from their own generator.</summary>
    /// <param name="capacity">Number of keys kept (MoCo v2 in Lightly's benchmarks: 4096).</param>
    /// <param name="dimension">Key length (the projection size, 128 by default).</param>
    public MemoryBank(int capacity, int dimension) : base(nameof(MemoryBank))
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The memory bank needs room for at least one key.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Keys need at least one dimension.");
        Capacity = capacity;
        Dimension = dimension;
        using var scope = NewDisposeScope();
        queue = nn.functional.normalize(randn(capacity, dimension), p: 2, dim: 1).DetachFromDisposeScope();
    }

    /// <summary>Refills the bank with random unit vectors drawn from <paramref name="generator"/>.</summary>
    void ISeededInitialization.Initialize(Generator generator)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        queue.copy_(nn.functional.normalize(randn(Capacity, Dimension, generator: generator), p: 2, dim: 1));
    }

    /// <summary>Number of keys the bank holds.</summary>
    public int Capacity { get; }

    /// <summary>Length of each key.</summary>
    public int Dimension { get; }

    /// <summary>Row that the next enqueued key overwrites (the oldest key); 0 after construction.</summary>
    public int Pointer { get; private set; }

    /// <summary>The queue itself, [Capacity, Dimension] with unit rows. It changes in place on <see cref="Enqueue"/>;
    /// use <see cref="Negatives"/> for a copy that outlives the next enqueue (for example in an autograd graph).</summary>
    public Tensor Keys => queue;

    /// <summary>A detached copy of the queue on <paramref name="device"/> (moving the queue there first if it lives elsewhere).</summary>
    public Tensor Negatives(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        MoveTo(device);
        return queue.detach().clone();
    }

    /// <summary>
    /// Adds <paramref name="keys"/> [N, Dimension], L2-normalised and detached, as if one at a time in row order:
    /// row i goes to (Pointer + i) mod Capacity. When N exceeds the capacity only the last Capacity keys remain.
    /// </summary>
    public void Enqueue(Tensor keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.ndim != 2 || keys.shape[1] != Dimension)
            throw new ArgumentException($"Memory bank keys must be [N, {Dimension}]; got [{string.Join(", ", keys.shape)}].", nameof(keys));
        int count = (int)keys.shape[0];
        if (count == 0) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        MoveTo(keys.device);
        var normalized = nn.functional.normalize(keys.detach(), p: 2, dim: 1).to(queue.dtype);
        int skipped = Math.Max(0, count - Capacity);
        int start = (Pointer + skipped) % Capacity;
        int kept = count - skipped;
        int first = Math.Min(kept, Capacity - start);
        queue.slice(0, start, start + first, 1).copy_(normalized.slice(0, skipped, skipped + first, 1));
        if (kept > first) queue.slice(0, 0, kept - first, 1).copy_(normalized.slice(0, skipped + first, count, 1));
        Pointer = (Pointer + count) % Capacity;
    }

    /// <summary>Writes the capacity, dimension, pointer and queue.</summary>
    public void WriteCheckpointState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Capacity);
        writer.Write(Dimension);
        writer.Write(Pointer);
        CheckpointTensors.Write(writer, queue);
    }

    /// <summary>Restores the pointer and the queue (in place, on the queue's device); the sizes must be this bank's.</summary>
    public void ReadCheckpointState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int capacity = reader.ReadInt32(), dimension = reader.ReadInt32(), pointer = reader.ReadInt32();
        if (capacity != Capacity || dimension != Dimension)
            throw new InvalidDataException($"The stored memory bank holds {capacity} keys of length {dimension}; this one holds {Capacity} of length {Dimension}.");
        if (pointer < 0 || pointer >= Capacity) throw new InvalidDataException($"The stored memory bank pointer {pointer} is outside 0..{Capacity - 1}.");
        CheckpointTensors.ReadInto(reader, queue, "memory bank queue");
        Pointer = pointer;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) queue.Dispose();
        base.Dispose(disposing);
    }

    private void MoveTo(Device device)
    {
        if (queue.device.type == device.type && queue.device.index == device.index) return;
        var moved = queue.to(device).DetachFromDisposeScope();
        queue.Dispose();
        queue = moved;
    }
}
