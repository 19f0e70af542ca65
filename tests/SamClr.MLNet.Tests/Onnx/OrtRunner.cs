using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx;

/// <summary>A float or int64 tensor fed to or read from ONNX Runtime in tests.</summary>
internal sealed record OrtTensor(long[] Shape, float[]? Floats = null, long[]? Longs = null)
{
    public static OrtTensor Of(float[] values, params long[] shape) => new(shape, Floats: values);

    public static OrtTensor OfLongs(long[] values, params long[] shape) => new(shape, Longs: values);

    /// <summary>The float element at the row-major multi-index <paramref name="index"/>.</summary>
    public float At(params long[] index)
    {
        long flat = 0;
        for (int d = 0; d < Shape.Length; d++)
        {
            Assert.InRange(index[d], 0, Shape[d] - 1);
            flat = flat * Shape[d] + index[d];
        }
        return Floats![flat];
    }
}

/// <summary>Runs an in-memory ONNX model on ONNX Runtime's CPU provider and copies every output out.</summary>
internal static class OrtRunner
{
    public static InferenceSession Open(byte[] model) => new(model);

    public static Dictionary<string, OrtTensor> Run(byte[] model, params (string Name, OrtTensor Tensor)[] inputs)
    {
        using var session = Open(model);
        return Run(session, inputs);
    }

    public static Dictionary<string, OrtTensor> Run(InferenceSession session, params (string Name, OrtTensor Tensor)[] inputs)
    {
        var values = new List<OrtValue>();
        try
        {
            foreach (var (_, tensor) in inputs)
            {
                values.Add(tensor.Floats is not null
                    ? OrtValue.CreateTensorValueFromMemory(tensor.Floats, tensor.Shape)
                    : OrtValue.CreateTensorValueFromMemory(tensor.Longs!, tensor.Shape));
            }
            var outputNames = session.OutputMetadata.Keys.ToArray();
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs.Select(i => i.Name).ToArray(), values, outputNames);
            var result = new Dictionary<string, OrtTensor>();
            for (int i = 0; i < outputNames.Length; i++)
            {
                var info = outputs[i].GetTensorTypeAndShape();
                result[outputNames[i]] = info.ElementDataType == TensorElementType.Int64
                    ? OrtTensor.OfLongs(outputs[i].GetTensorDataAsSpan<long>().ToArray(), info.Shape)
                    : OrtTensor.Of(outputs[i].GetTensorDataAsSpan<float>().ToArray(), info.Shape);
            }
            return result;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }
}
