using SamClr.MLNet.Models;
using SamClr.MLNet.Onnx.Graph;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Onnx.Export;

/// <summary>
/// Writes the evaluation-mode computation of a <see cref="Backbone"/> into an <see cref="OnnxGraphBuilder"/> by walking
/// its TorchSharp modules: <see cref="ResNet"/> (its stem, then <c>layer1</c> to <c>layer4</c> of
/// <see cref="BasicBlock"/> or <see cref="Bottleneck"/> blocks) and <see cref="SmallCnn"/> (its <c>features</c>
/// sequence of Conv2d, BatchNorm2d, ReLU and MaxPool2d). Each Conv2d followed by a BatchNorm2d becomes one Conv with
/// the BN folded in (<see cref="BatchNormFolding"/>).
/// </summary>
internal sealed class BackboneGraphWriter
{
    private readonly OnnxGraphBuilder _builder;

    public BackboneGraphWriter(OnnxGraphBuilder builder) => _builder = builder;

    /// <summary>Adds the nodes of <paramref name="backbone"/> reading <paramref name="input"/>; returns the name of the pooled [N, C, 1, 1] value.</summary>
    /// <exception cref="NotSupportedException">The backbone, or a module inside it, is of a type the exporter does not know.</exception>
    public string Write(Backbone backbone, string input)
    {
        var features = backbone switch
        {
            ResNet resnet => WriteResNet(resnet, input),
            SmallCnn small => WriteSequential(Child<Sequential>(small, "features"), input, "features"),
            _ => throw new NotSupportedException(
                $"ONNX export does not know backbone type {backbone.GetType().FullName}; it exports ResNet and SmallCnn " +
                $"(the architectures of {nameof(Backbones)}.{nameof(Backbones.Create)})."),
        };
        return _builder.Node("GlobalAveragePool", [features]);
    }

    private string WriteResNet(ResNet resnet, string input)
    {
        var children = Children(resnet);
        var y = Relu(ConvBn(Get<Conv2d>(children, "conv1", resnet), Get<BatchNorm2d>(children, "bn1", resnet), input, "conv1"));
        if (children.TryGetValue("maxpool", out var pool)) y = MaxPool(As<MaxPool2d>(pool, "maxpool"), y);
        foreach (var layerName in new[] { "layer1", "layer2", "layer3", "layer4" })
        {
            foreach (var (blockName, block) in Get<Sequential>(children, layerName, resnet).named_children())
            {
                var prefix = $"{layerName}.{blockName}";
                y = block switch
                {
                    BasicBlock basic => WriteBlock(basic, y, prefix, 2),
                    Bottleneck bottleneck => WriteBlock(bottleneck, y, prefix, 3),
                    _ => throw Unsupported(block, prefix),
                };
            }
        }
        return y;
    }

    /// <summary>A residual block: <paramref name="convCount"/> Conv+BN pairs with ReLU between them, the shortcut, Add, ReLU.</summary>
    private string WriteBlock(nn.Module block, string input, string prefix, int convCount)
    {
        var children = Children(block);
        var y = input;
        for (int i = 1; i <= convCount; i++)
        {
            y = ConvBn(Get<Conv2d>(children, $"conv{i}", block), Get<BatchNorm2d>(children, $"bn{i}", block), y, $"{prefix}.conv{i}");
            if (i < convCount) y = Relu(y);
        }
        var identity = input;
        if (children.TryGetValue("downsample", out var downsample))
        {
            var parts = Children(As<Sequential>(downsample, $"{prefix}.downsample"));
            identity = ConvBn(Get<Conv2d>(parts, "0", downsample), Get<BatchNorm2d>(parts, "1", downsample), input, $"{prefix}.downsample");
        }
        return Relu(_builder.Node("Add", [y, identity]));
    }

    private string WriteSequential(Sequential sequence, string input, string prefix)
    {
        var modules = sequence.named_children().ToList();
        var y = input;
        for (int i = 0; i < modules.Count; i++)
        {
            var (name, module) = modules[i];
            switch (module)
            {
                case Conv2d conv:
                    var bn = i + 1 < modules.Count ? modules[i + 1].module as BatchNorm2d : null;
                    y = ConvBn(conv, bn, y, $"{prefix}.{name}");
                    if (bn is not null) i++;
                    break;
                case ReLU:
                    y = Relu(y);
                    break;
                case MaxPool2d pool:
                    y = MaxPool(pool, y);
                    break;
                default:
                    throw Unsupported(module, $"{prefix}.{name}");
            }
        }
        return y;
    }

    private string ConvBn(Conv2d conv, BatchNorm2d? bn, string input, string name)
    {
        using var scope = NewDisposeScope();
        if (conv.padding is null)
            throw new NotSupportedException($"ONNX export: convolution '{name}' uses a padding mode ({conv.padding_type}) instead of explicit padding; only explicit padding is exported.");
        if (conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException($"ONNX export: convolution '{name}' pads with {conv.padding_mode}; only zero padding is exported.");
        var weight = conv.weight ?? throw new InvalidOperationException($"Convolution '{name}' has no weight.");
        var weights = ToArray(weight);
        var bias = conv.bias is null ? null : ToArray(conv.bias);
        if (bn is not null)
        {
            if (bn.running_mean is null || bn.running_var is null || bn.weight is null || bn.bias is null)
                throw new NotSupportedException(
                    $"ONNX export: the batch normalisation after '{name}' has no running statistics or no affine parameters; " +
                    "only BatchNorm2d with track_running_stats and affine (the defaults) is exported.");
            (weights, var folded) = BatchNormFolding.Fold(weights, bias, ToArray(bn.weight), ToArray(bn.bias),
                ToArray(bn.running_mean), ToArray(bn.running_var), bn.eps);
            bias = folded;
        }
        var w = _builder.AddInitializer(_builder.UniqueName(name + ".weight"), weights, weight.shape);
        var inputs = bias is null ? new[] { input, w } : new[] { input, w, _builder.AddInitializer(_builder.UniqueName(name + ".bias"), bias, bias.Length) };
        var kernel = weight.shape[2..];
        var pads = conv.padding!;
        return _builder.Node("Conv", inputs,
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", conv.stride),
            OnnxAttribute.Ints("pads", pads[0], pads[1], pads[0], pads[1]),
            OnnxAttribute.Ints("dilations", conv.dilation),
            OnnxAttribute.Int("group", conv.groups));
    }

    private string MaxPool(MaxPool2d pool, string input)
    {
        var padding = pool.padding ?? [0, 0];
        return _builder.Node("MaxPool", [input],
            OnnxAttribute.Ints("kernel_shape", pool.kernel_size),
            OnnxAttribute.Ints("strides", pool.stride ?? pool.kernel_size),
            OnnxAttribute.Ints("pads", padding[0], padding[1], padding[0], padding[1]),
            OnnxAttribute.Ints("dilations", pool.dilation ?? [1, 1]),
            OnnxAttribute.Int("ceil_mode", pool.ceil_mode ? 1 : 0));
    }

    private string Relu(string input) => _builder.Node("Relu", [input]);

    private static float[] ToArray(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
    }

    private static Dictionary<string, nn.Module> Children(nn.Module module) =>
        module.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);

    private static T Child<T>(nn.Module parent, string name) where T : nn.Module => Get<T>(Children(parent), name, parent);

    private static T Get<T>(Dictionary<string, nn.Module> children, string name, nn.Module parent) where T : nn.Module =>
        children.TryGetValue(name, out var child)
            ? As<T>(child, name)
            : throw new NotSupportedException(
                $"ONNX export: {parent.GetType().Name} has no submodule '{name}' (it has {string.Join(", ", children.Keys)}); " +
                "the exporter expects the module structure of SamClr.MLNet.Models.");

    private static T As<T>(nn.Module module, string name) where T : nn.Module =>
        module as T ?? throw Unsupported(module, name);

    private static NotSupportedException Unsupported(nn.Module module, string name) =>
        new($"ONNX export does not support module '{name}' of type {module.GetType().FullName}; it exports Conv2d (with an " +
            "optional BatchNorm2d after it), ReLU, MaxPool2d and the residual blocks of ResNet.");
}
