using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>One model input or output as signature checks see it: name, element type and dims (-1 = dynamic).</summary>
internal sealed record SamTensorSpec(string Name, Type ElementType, int[] Dims)
{
    public static IReadOnlyList<SamTensorSpec> From(IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        metadata.Select(m => new SamTensorSpec(m.Key, m.Value.IsTensor ? m.Value.ElementType : typeof(object), m.Value.IsTensor ? m.Value.Dimensions : [])).ToArray();

    /// <summary>True when the type is float and every fixed dim equals the expected one (-1 in either accepts anything).</summary>
    public bool Matches(params int[] expected) =>
        ElementType == typeof(float) && Dims.Length == expected.Length &&
        Dims.Zip(expected).All(d => d.First < 0 || d.Second < 0 || d.First == d.Second);

    public override string ToString() =>
        $"{Name}: {(ElementType == typeof(object) ? "non-tensor" : ElementType.Name)} [{string.Join(",", Dims.Select(d => d < 0 ? "?" : d.ToString()))}]";

    public static string Describe(IEnumerable<SamTensorSpec> specs) => string.Join("; ", specs);
}
