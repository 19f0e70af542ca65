namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// Element types of ONNX tensors that <see cref="OnnxGraphBuilder"/> writes. The numeric values are the official
/// <c>TensorProto.DataType</c> codes of the ONNX schema (onnx/onnx.proto3), so a value casts directly to the wire code.
/// </summary>
internal enum OnnxElementType
{
    /// <summary>32-bit IEEE float (ONNX code 1).</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer (ONNX code 2).</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer (ONNX code 3).</summary>
    Int8 = 3,

    /// <summary>Signed 32-bit integer (ONNX code 6).</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer (ONNX code 7), the type of shapes, indices and axes.</summary>
    Int64 = 7,

    /// <summary>Boolean, one byte per element (ONNX code 9).</summary>
    Bool = 9,

    /// <summary>16-bit IEEE float (ONNX code 10).</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float (ONNX code 11).</summary>
    Double = 11,
}
