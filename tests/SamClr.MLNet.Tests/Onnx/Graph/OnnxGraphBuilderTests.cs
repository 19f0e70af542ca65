using Microsoft.ML.OnnxRuntime;
using SamClr.MLNet.Onnx.Graph;
using SamClr.MLNet.Tests.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx.Graph;

public class OnnxGraphBuilderTests
{
    /// <summary>y = x·W + b with x [batch,3] (batch symbolic), W [3,2], b [2].</summary>
    private static byte[] AffineModel()
    {
        var b = new OnnxGraphBuilder("affine");
        b.AddInput("x", OnnxElementType.Float, "batch", 3)
         .AddOutput("y", OnnxElementType.Float, "batch", 2);
        var w = b.AddInitializer("W", new float[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
        var bias = b.AddInitializer("bias", new float[] { 0.5f, -1f }, 2);
        var product = b.Node("MatMul", ["x", w]);
        b.NodeInto("Add", [product, bias], ["y"]);
        return b.ToBytes();
    }

    [Fact]
    public void AddMatMulModelRunsInOnnxRuntimeWithHandComputedOutputs()
    {
        // x = [[1,0,2],[-1,1,1]], W = [[1,2],[3,4],[5,6]]:
        // row 0: [1*1+0*3+2*5, 1*2+0*4+2*6] = [11, 14] + [0.5,-1] = [11.5, 13]
        // row 1: [-1+3+5, -2+4+6] = [7, 8] + [0.5,-1] = [7.5, 7]
        var outputs = OrtRunner.Run(AffineModel(), ("x", OrtTensor.Of([1, 0, 2, -1, 1, 1], 2, 3)));
        var y = outputs["y"];
        Assert.Equal(new long[] { 2, 2 }, y.Shape);
        Assert.Equal(new[] { 11.5f, 13f, 7.5f, 7f }, y.Floats);
    }

    [Fact]
    public void SymbolicDimensionIsBoundAtRunTime()
    {
        using var session = OrtRunner.Open(AffineModel());
        var x = session.InputMetadata["x"];
        Assert.Equal(new[] { -1, 3 }, x.Dimensions);
        Assert.Equal("batch", x.SymbolicDimensions[0]);
        Assert.Equal("batch", session.OutputMetadata["y"].SymbolicDimensions[0]);

        // batch 1: x = [0,1,0] picks W's second row [3,4] + [0.5,-1] = [3.5, 3]
        var one = OrtRunner.Run(session, ("x", OrtTensor.Of([0, 1, 0], 1, 3)))["y"];
        Assert.Equal(new long[] { 1, 2 }, one.Shape);
        Assert.Equal(new[] { 3.5f, 3f }, one.Floats);

        // batch 3 of zeros: every row is the bias.
        var three = OrtRunner.Run(session, ("x", OrtTensor.Of(new float[9], 3, 3)))["y"];
        Assert.Equal(new[] { 0.5f, -1f, 0.5f, -1f, 0.5f, -1f }, three.Floats);
    }

    [Fact]
    public void EveryAttributeKindReachesOnnxRuntime()
    {
        var b = new OnnxGraphBuilder("attributes");
        b.AddInput("x", OnnxElementType.Float, 1, 4)
         .AddOutput("gemm", OnnxElementType.Float, 1, 2)
         .AddOutput("padded", OnnxElementType.Float, 1, 7)
         .AddOutput("floats", OnnxElementType.Float, 3)
         .AddOutput("ints", OnnxElementType.Int64, 2)
         .AddOutput("tensor", OnnxElementType.Float, 2, 1)
         .AddOutput("leaky", OnnxElementType.Float, 1, 4);

        // Gemm: alpha (float) * x · Bᵀ (transB, int) with B [2,4].
        var weights = b.AddInitializer("B", new float[] { 1, 1, 1, 1, 1, -1, 0, 0 }, 2, 4);
        b.NodeInto("Gemm", ["x", weights], ["gemm"], OnnxAttribute.Float("alpha", 2f), OnnxAttribute.Int("transB", 1));
        // Pad (string mode "reflect"), pads as an int64 input: 1 before and 2 after on the last axis.
        b.NodeInto("Pad", ["x", b.Vector(0L, 1L, 0L, 2L)], ["padded"], OnnxAttribute.String("mode", "reflect"));
        // Constant nodes: value_floats (floats), value_ints (ints), value (tensor).
        b.NodeInto("Constant", [], ["floats"], OnnxAttribute.Floats("value_floats", 0.25f, -2f, 8f));
        b.NodeInto("Constant", [], ["ints"], OnnxAttribute.Ints("value_ints", 7, -3));
        b.NodeInto("Constant", [], ["tensor"], OnnxAttribute.Tensor("value", OnnxTensors.Float("t", [9f, -9f], 2, 1)));
        b.NodeInto("LeakyRelu", ["x"], ["leaky"], OnnxAttribute.Float("alpha", 0.5f));

        var outputs = OrtRunner.Run(b.ToBytes(), ("x", OrtTensor.Of([1, 2, 3, -4], 1, 4)));

        // Gemm: 2 * [1+2+3-4, 1-2] = 2 * [2, -1] = [4, -2]
        Assert.Equal(new[] { 4f, -2f }, outputs["gemm"].Floats);
        // reflect pad of [1,2,3,-4] by (1, 2): [2 | 1,2,3,-4 | 3,2]
        Assert.Equal(new[] { 2f, 1, 2, 3, -4, 3, 2 }, outputs["padded"].Floats);
        Assert.Equal(new[] { 0.25f, -2f, 8f }, outputs["floats"].Floats);
        Assert.Equal(new long[] { 7, -3 }, outputs["ints"].Longs);
        Assert.Equal(new long[] { 2, 1 }, outputs["tensor"].Shape);
        Assert.Equal(new[] { 9f, -9f }, outputs["tensor"].Floats);
        // LeakyRelu alpha 0.5: negatives halve, -4 -> -2
        Assert.Equal(new[] { 1f, 2f, 3f, -2f }, outputs["leaky"].Floats);
    }

    [Fact]
    public void GeneratedNamesAreUniqueAndExplicitCollisionsAreRejected()
    {
        var b = new OnnxGraphBuilder("names");
        Assert.Equal("w", b.UniqueName("w"));
        Assert.Equal("w_1", b.UniqueName("w")); // "w" is reserved by the first call
        b.AddInput("x", OnnxElementType.Float, 2);
        Assert.Equal("x_1", b.UniqueName("x"));
        var outputs = b.Node("Split", ["x"], 2); // opset 17: equal halves when no split sizes are given
        Assert.Equal(new[] { "split", "split_1" }, outputs);
        Assert.Equal("neg", b.Node("Neg", [outputs[0]]));
        Assert.Equal("split_2", b.UniqueName("split"));

        var error = Assert.Throws<ArgumentException>(() => b.AddInitializer("x", new float[] { 1 }, 1));
        Assert.Contains("'x'", error.Message);
        Assert.Contains("already used", error.Message);
        Assert.Throws<ArgumentException>(() => b.AddOutput("y", OnnxElementType.Float, 1).AddOutput("y", OnnxElementType.Float, 1));
    }

    [Fact]
    public void NodesMustReadDefinedValuesAndOutputsMustBeProduced()
    {
        var b = new OnnxGraphBuilder("checks");
        b.AddInput("x", OnnxElementType.Float, 1).AddOutput("y", OnnxElementType.Float, 1);
        var error = Assert.Throws<InvalidOperationException>(() => b.Node("Add", ["x", "later"]));
        Assert.Contains("'later'", error.Message);
        Assert.Contains("topologically", error.Message);

        var missing = Assert.Throws<InvalidOperationException>(() => b.Build());
        Assert.Contains("output 'y'", missing.Message);

        Assert.Throws<ArgumentException>(() => b.AddInitializer("bad", new float[] { 1, 2, 3 }, 2, 2)); // 4 elements expected
    }

    [Fact]
    public void ModelHeaderNamesOpsetIrVersionAndMetadata()
    {
        var b = new OnnxGraphBuilder("header");
        b.AddInput("x", OnnxElementType.Float, 1).AddOutput("y", OnnxElementType.Float, 1).AddMetadata("purpose", "test");
        b.NodeInto("Identity", ["x"], ["y"]);
        var model = ModelProto.Parser.ParseFrom(b.ToBytes());
        Assert.Equal(8, model.IrVersion); // opset 17 came with ONNX 1.12, IR version 8
        Assert.Equal(17, Assert.Single(model.OpsetImport).Version);
        Assert.Equal("SamClr.MLNet", model.ProducerName);
        Assert.Equal("Identity_0", Assert.Single(model.Graph.Node).Name);
        using var session = OrtRunner.Open(b.ToBytes());
        Assert.Equal("test", session.ModelMetadata.CustomMetadataMap["purpose"]);

        Assert.Equal(10, new OnnxGraphBuilder("g", opset: 21).IrVersion);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxGraphBuilder("g", opset: 99));
    }

    [Fact]
    public void SaveWritesAtomicallyAndOverwrites()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "affine.onnx");
        File.WriteAllBytes(dir.File("nested", "affine.onnx"), new byte[] { 1, 2, 3 }); // a stale file to replace
        var b = new OnnxGraphBuilder("affine");
        b.AddInput("x", OnnxElementType.Float, 1).AddOutput("y", OnnxElementType.Float, 1);
        b.NodeInto("Relu", ["x"], ["y"]);
        b.Save(path);
        Assert.Equal(b.ToBytes(), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.Combine(dir.Path, "nested"))); // no temporary file left behind
        using var session = new InferenceSession(path);
        Assert.Equal("x", Assert.Single(session.InputMetadata.Keys));
    }
}
