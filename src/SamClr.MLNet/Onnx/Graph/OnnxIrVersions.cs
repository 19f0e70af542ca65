namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// The ONNX IR (file format) version to write for a default-domain opset: the IR version of the ONNX release that
/// introduced that opset (ONNX's versioning table, docs/Versioning.md), so older runtimes that know the opset also
/// accept the file.
/// </summary>
internal static class OnnxIrVersions
{
    /// <summary>The oldest opset <see cref="OnnxGraphBuilder"/> writes (ONNX 1.6).</summary>
    public const int MinOpset = 11;

    /// <summary>The newest opset <see cref="OnnxGraphBuilder"/> writes (ONNX 1.18).</summary>
    public const int MaxOpset = 23;

    /// <summary>The IR version for <paramref name="opset"/>, which must lie in [<see cref="MinOpset"/>, <see cref="MaxOpset"/>].</summary>
    public static long ForOpset(int opset) => opset switch
    {
        11 => 6,           // ONNX 1.6
        >= 12 and <= 14 => 7, // ONNX 1.7 to 1.9
        >= 15 and <= 18 => 8, // ONNX 1.10 to 1.13
        19 or 20 => 9,     // ONNX 1.14, 1.15
        21 or 22 => 10,    // ONNX 1.16, 1.17
        23 => 11,          // ONNX 1.18
        _ => throw new ArgumentOutOfRangeException(nameof(opset), opset,
            $"ONNX opset {opset} is not supported by OnnxGraphBuilder; use an opset from {MinOpset} to {MaxOpset} (the default is {OnnxGraphBuilder.DefaultOpset})."),
    };
}
