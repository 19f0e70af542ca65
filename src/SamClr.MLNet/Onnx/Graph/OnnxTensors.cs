using System.Runtime.InteropServices;
using Google.Protobuf;

namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// Builds ONNX <see cref="TensorProto"/> values (initializers and tensor attributes) from .NET arrays. Elements are
/// stored row-major in <c>raw_data</c> as fixed-width little-endian values, as the ONNX schema prescribes.
/// </summary>
internal static class OnnxTensors
{
    /// <summary>A float tensor named <paramref name="name"/> with shape <paramref name="dims"/> (empty for a scalar).</summary>
    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Create(name, OnnxElementType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 tensor named <paramref name="name"/> with shape <paramref name="dims"/> (empty for a scalar).</summary>
    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params long[] dims) =>
        Create(name, OnnxElementType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    private static TensorProto Create(string name, OnnxElementType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; writing tensors on a big-endian machine is not supported.");
        long expected = 1;
        foreach (var d in dims)
        {
            if (d < 0)
                throw new ArgumentException($"Tensor '{name}': dimension {d} is negative; initializer dimensions are fixed sizes of zero or more.", nameof(dims));
            expected *= d;
        }
        if (expected != count)
            throw new ArgumentException(
                $"Tensor '{name}': shape [{string.Join(",", dims)}] holds {expected} elements but {count} values were given; pass as many values as the product of the dimensions.",
                nameof(dims));
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
