using static TorchSharp.torch;

namespace SamClr.MLNet.Training.Checkpoints;

/// <summary>
/// How a checkpoint stores one tensor: int32 dtype (TorchSharp's <see cref="ScalarType"/> code), int32 rank, one int64
/// per dimension, int64 byte count, then the raw contiguous bytes in native (little-endian) order.
/// </summary>
public static class CheckpointTensors
{
    /// <summary>Writes <paramref name="tensor"/> (any device; it is copied to the CPU for writing).</summary>
    public static void Write(BinaryWriter writer, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        writer.Write((int)cpu.dtype);
        writer.Write(cpu.shape.Length);
        foreach (long size in cpu.shape) writer.Write(size);
        ReadOnlySpan<byte> bytes = cpu.bytes;
        writer.Write((long)bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>
    /// Reads a tensor written by <see cref="Write"/> as a new CPU tensor (in the current dispose scope).
    /// </summary>
    /// <exception cref="InvalidDataException">The stored sizes do not add up.</exception>
    public static Tensor Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var dtype = (ScalarType)reader.ReadInt32();
        int rank = reader.ReadInt32();
        if (rank < 0 || rank > 16) throw new InvalidDataException($"A stored tensor has rank {rank}.");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            if (shape[i] < 0) throw new InvalidDataException($"A stored tensor has a negative size ({shape[i]}).");
        }
        long byteCount = reader.ReadInt64();
        var tensor = empty(shape, dtype);
        if (byteCount != tensor.NumberOfElements * tensor.ElementSize || byteCount > int.MaxValue)
        {
            tensor.Dispose();
            throw new InvalidDataException($"A stored {dtype} tensor of shape [{string.Join(", ", shape)}] claims {byteCount} bytes.");
        }
        byte[] bytes = reader.ReadBytes((int)byteCount);
        if (bytes.Length != byteCount)
        {
            tensor.Dispose();
            throw new EndOfStreamException($"A stored tensor ends after {bytes.Length} of its {byteCount} bytes.");
        }
        tensor.bytes = bytes;
        return tensor;
    }

    /// <summary>
    /// Reads a tensor written by <see cref="Write"/> and copies it into <paramref name="target"/> (on any device), which
    /// must have the same dtype and shape.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored tensor has another dtype or shape; the message names <paramref name="name"/>.</exception>
    public static void ReadInto(BinaryReader reader, Tensor target, string name)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var scope = NewDisposeScope();
        var stored = Read(reader);
        CopyInto(stored, target, name);
    }

    /// <summary>Copies <paramref name="stored"/> into <paramref name="target"/> after checking dtype and shape.</summary>
    internal static void CopyInto(Tensor stored, Tensor target, string name)
    {
        if (stored.dtype != target.dtype || !stored.shape.SequenceEqual(target.shape))
            throw new InvalidDataException(
                $"'{name}' is stored as {stored.dtype} [{string.Join(", ", stored.shape)}] but is {target.dtype} [{string.Join(", ", target.shape)}] here.");
        using var noGrad = no_grad();
        target.copy_(stored);
    }
}
