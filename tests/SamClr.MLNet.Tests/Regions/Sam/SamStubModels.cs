using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.Tests.Regions.Sam;

/// <summary>
/// ONNX files with a chosen signature and trivial bodies (outputs are copies of inputs, or a pool + 1x1 conv for
/// encoders), for the signature checks. Written into a temporary folder that disposal deletes.
/// </summary>
internal sealed class SamStubModels : IDisposable
{
    public SamStubModels() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "samclr-sam-stubs-" + Guid.NewGuid().ToString("N"));

    /// <summary>A decoder-shaped model: masks and low_res_masks copy mask_input, iou_predictions copies point_labels.</summary>
    /// <param name="fileName">File name in <see cref="Folder"/>.</param>
    /// <param name="rename">Input names to replace (official name -> written name).</param>
    /// <param name="batch">The point_coords / point_labels batch dim: 1 as the official export, or a symbol.</param>
    /// <param name="hq">Add HQ-SAM's interm_embeddings [4,1,64,64,8].</param>
    public string Decoder(string fileName, IReadOnlyDictionary<string, string>? rename = null, OnnxDim? batch = null, bool hq = false)
    {
        string N(string name) => rename is not null && rename.TryGetValue(name, out var other) ? other : name;
        var b = batch ?? OnnxDim.Fixed(1);
        var g = new OnnxGraphBuilder("stub_decoder")
            .AddInput(N("image_embeddings"), OnnxElementType.Float, 1, 256, 64, 64)
            .AddInput(N("point_coords"), OnnxElementType.Float, b, "num_points", 2)
            .AddInput(N("point_labels"), OnnxElementType.Float, b, "num_points")
            .AddInput(N("mask_input"), OnnxElementType.Float, 1, 1, 256, 256)
            .AddInput(N("has_mask_input"), OnnxElementType.Float, 1)
            .AddInput(N("orig_im_size"), OnnxElementType.Float, 2);
        if (hq) g.AddInput(N("interm_embeddings"), OnnxElementType.Float, 4, 1, 64, 64, 8);
        g.NodeInto("Identity", [N("mask_input")], ["masks"])
         .NodeInto("Identity", [N("point_labels")], ["iou_predictions"])
         .NodeInto("Identity", [N("mask_input")], ["low_res_masks"])
         .AddOutput("masks", OnnxElementType.Float, "b", "k", "h", "w")
         .AddOutput("iou_predictions", OnnxElementType.Float, "b", "k")
         .AddOutput("low_res_masks", OnnxElementType.Float, "b", "k", 256, 256);
        return Save(g, fileName);
    }

    /// <summary>
    /// A preprocessed-form encoder: input [1,3,side,side] -> AveragePool 16 -> 1x1 conv to 256 channels -> output
    /// [1,256,side/16,side/16] named <paramref name="outputName"/>.
    /// </summary>
    public string Encoder(string fileName, string inputName = "input_image", string outputName = "image_embeddings", int side = 1024)
    {
        var g = new OnnxGraphBuilder("stub_encoder").AddInput(inputName, OnnxElementType.Float, 1, 3, side, side);
        string weights = g.AddInitializer("w", new float[256 * 3], 256, 3, 1, 1);
        string pooled = g.Node("AveragePool", [inputName], OnnxAttribute.Ints("kernel_shape", 16, 16), OnnxAttribute.Ints("strides", 16, 16));
        g.NodeInto("Conv", [pooled, weights], [outputName])
         .AddOutput(outputName, OnnxElementType.Float, 1, 256, side / 16, side / 16);
        return Save(g, fileName);
    }

    public void Dispose()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    private string Save(OnnxGraphBuilder builder, string fileName)
    {
        string path = Path.Combine(Folder, fileName);
        builder.Save(path);
        return path;
    }
}
