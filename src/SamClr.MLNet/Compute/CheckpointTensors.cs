using static TorchSharp.torch;

namespace SamClr.MLNet.Compute;

/// <summary>
/// How a checkpoint stores one tensor: int32 dtype (TorchSharp's <see cref="ScalarType"/> code), int32 rank, one int64
/// per dimension, int64 byte count, then the raw contiguous bytes in native (little-endian) order.
/// </summary>
internal static class CheckpointTensors
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
    /// Reads a tensor written by <see cref="Write"/> as a new CPU tensor (in the current dispose scope). The dtype, shape
    /// and byte count are checked against each other and, on a seekable stream, against the bytes left, before anything
    /// is allocated, so a corrupt size never allocates more than the stream holds.
    /// </summary>
    /// <exception cref="InvalidDataException">The dtype is not one <see cref="Write"/> stores, or the stored sizes do not add up.</exception>
    /// <exception cref="EndOfStreamException">The stream ends inside the tensor.</exception>
    public static Tensor Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var dtype = (ScalarType)reader.ReadInt32();
        int elementSize = ElementSize(dtype);
        int rank = reader.ReadInt32();
        if (rank < 0 || rank > 16) throw new InvalidDataException($"A stored tensor has rank {rank}.");
        var shape = new long[rank];
        // The product of the sizes with zeros counted as 1: libtorch computes strides from it even for an empty tensor.
        long span = 1;
        bool hasZero = false;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
            if (shape[i] < 0) throw new InvalidDataException($"A stored tensor has a negative size ({shape[i]}).");
            hasZero |= shape[i] == 0;
            // Checked before multiplying, so that a huge size cannot overflow the product.
            if (Math.Max(shape[i], 1) > int.MaxValue / elementSize / span)
                throw new InvalidDataException($"A stored {dtype} tensor has shape [{string.Join(", ", shape[..(i + 1)])}, ...], over {int.MaxValue} bytes.");
            span *= Math.Max(shape[i], 1);
        }
        long byteCount = reader.ReadInt64();
        if (byteCount != (hasZero ? 0 : span * elementSize))
            throw new InvalidDataException($"A stored {dtype} tensor of shape [{string.Join(", ", shape)}] claims {byteCount} bytes.");
        var stream = reader.BaseStream;
        if (stream.CanSeek && byteCount > stream.Length - stream.Position)
            throw new EndOfStreamException($"A stored tensor of {byteCount} bytes is cut off: only {stream.Length - stream.Position} bytes follow.");
        var tensor = empty(shape, dtype);
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

    /// <summary>Bytes per element of the dtypes a checkpoint stores (parameters, buffers and optimiser state).</summary>
    private static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new InvalidDataException($"A stored tensor has dtype code {(int)dtype}, which is not a tensor type a checkpoint holds."),
    };

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
