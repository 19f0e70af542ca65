using System.Text;

namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// A named node attribute for <see cref="OnnxGraphBuilder"/>: an int, float, string, tensor, or a list of ints or
/// floats, written as an ONNX <c>AttributeProto</c> with its type discriminator set (required since IR version 2).
/// </summary>
internal sealed class OnnxAttribute
{
    private OnnxAttribute(AttributeProto proto) => Proto = proto;

    /// <summary>The attribute's name, for example <c>"kernel_shape"</c>.</summary>
    public string Name => Proto.Name;

    internal AttributeProto Proto { get; }

    /// <summary>An integer attribute, such as <c>axis</c> or <c>keepdims</c>.</summary>
    public static OnnxAttribute Int(string name, long value) =>
        new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>A float attribute, such as <c>epsilon</c> or <c>alpha</c>.</summary>
    public static OnnxAttribute Float(string name, float value) =>
        new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>A list-of-integers attribute, such as <c>kernel_shape</c>, <c>strides</c>, <c>pads</c> or <c>perm</c>.</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
    {
        var proto = new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Ints };
        proto.Ints.AddRange(values);
        return new OnnxAttribute(proto);
    }

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values)
    {
        var proto = new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Floats };
        proto.Floats.AddRange(values);
        return new OnnxAttribute(proto);
    }

    /// <summary>A string attribute (UTF-8), such as Resize's <c>mode</c> or Pad's <c>mode</c>.</summary>
    public static OnnxAttribute String(string name, string value) =>
        new(new AttributeProto
        {
            Name = CheckName(name),
            Type = AttributeProto.Types.AttributeType.String,
            S = Google.Protobuf.ByteString.CopyFrom(Encoding.UTF8.GetBytes(value)),
        });

    /// <summary>A tensor attribute, such as the <c>value</c> of a Constant node; build it with <see cref="OnnxTensors"/>.</summary>
    public static OnnxAttribute Tensor(string name, TensorProto value) =>
        new(new AttributeProto { Name = CheckName(name), Type = AttributeProto.Types.AttributeType.Tensor, T = value });

    private static string CheckName(string name) =>
        string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("An ONNX attribute needs a non-empty name.", nameof(name)) : name;
}
