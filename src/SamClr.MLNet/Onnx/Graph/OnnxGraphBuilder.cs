using System.Globalization;
using Google.Protobuf;
using SamClr.MLNet.IO;

namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// A small builder for ONNX models: typed graph inputs and outputs with fixed or symbolic dimensions, float and int64
/// initializers, nodes of the default (<c>ai.onnx</c>) domain with attributes, and serialisation to bytes or to a file
/// written atomically. Value and node names are unique: explicit names that collide are rejected, and generated names
/// (<see cref="UniqueName"/>) get a numeric suffix. Nodes must be added in topological order (a node may read only
/// values defined before it), which is what ONNX requires of a graph; a violation is reported when the node is added.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    /// <summary>The default opset, 17 (ONNX 1.12): the version the official SAM ONNX export uses, and widely supported by runtimes.</summary>
    public const int DefaultOpset = 17;

    private readonly GraphProto _graph;
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaredOutputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);
    private readonly List<StringStringEntryProto> _metadata = new();

    /// <summary>Starts an empty graph named <paramref name="graphName"/> that imports the default-domain <paramref name="opset"/>.</summary>
    /// <param name="graphName">The graph's name (<c>GraphProto.name</c>).</param>
    /// <param name="opset">The default-domain opset version, 11 to 23; default <see cref="DefaultOpset"/> (17).</param>
    public OnnxGraphBuilder(string graphName, int opset = DefaultOpset)
    {
        if (string.IsNullOrWhiteSpace(graphName))
            throw new ArgumentException("An ONNX graph needs a non-empty name.", nameof(graphName));
        IrVersion = OnnxIrVersions.ForOpset(opset);
        Opset = opset;
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The default-domain opset version the model imports.</summary>
    public int Opset { get; }

    /// <summary>The IR version written, derived from <see cref="Opset"/> by <see cref="OnnxIrVersions.ForOpset"/>.</summary>
    public long IrVersion { get; }

    /// <summary>The producer written in <c>ModelProto.producer_name</c>; default <c>"SamClr.MLNet"</c>.</summary>
    public string ProducerName { get; set; } = "SamClr.MLNet";

    /// <summary>A human-readable description of the model (<c>ModelProto.doc_string</c>); default empty.</summary>
    public string DocString { get; set; } = "";

    /// <summary>Adds a model metadata entry (<c>ModelProto.metadata_props</c>), readable through ONNX Runtime's model metadata.</summary>
    public OnnxGraphBuilder AddMetadata(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException("A metadata entry needs a non-empty key.", nameof(key));
        if (_metadata.Any(e => e.Key == key))
            throw new ArgumentException($"Metadata key '{key}' was already added; ONNX metadata keys must be distinct.", nameof(key));
        _metadata.Add(new StringStringEntryProto { Key = key, Value = value });
        return this;
    }

    /// <summary>Declares a graph input named <paramref name="name"/> of element type <paramref name="type"/> and shape <paramref name="shape"/>.</summary>
    public OnnxGraphBuilder AddInput(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        Define(name, "graph input");
        _graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    /// <summary>
    /// Declares a graph output named <paramref name="name"/> of element type <paramref name="type"/> and shape
    /// <paramref name="shape"/>. The value itself is produced by a node (see <see cref="NodeInto"/>), an initializer or
    /// an input; <see cref="Build"/> checks that it is.
    /// </summary>
    public OnnxGraphBuilder AddOutput(string name, OnnxElementType type, params OnnxDim[] shape)
    {
        CheckName(name);
        if (!_declaredOutputs.Add(name))
            throw new ArgumentException($"Graph output '{name}' was already declared; output names must be distinct.", nameof(name));
        _graph.Output.Add(ValueInfo(name, type, shape));
        return this;
    }

    /// <summary>Adds a float initializer named exactly <paramref name="name"/> with shape <paramref name="dims"/> (none for a scalar); returns the name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        Define(name, "initializer");
        _graph.Initializer.Add(OnnxTensors.Float(name, values, dims));
        return name;
    }

    /// <summary>Adds an int64 initializer named exactly <paramref name="name"/> with shape <paramref name="dims"/> (none for a scalar); returns the name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<long> values, params long[] dims)
    {
        Define(name, "initializer");
        _graph.Initializer.Add(OnnxTensors.Int64(name, values, dims));
        return name;
    }

    /// <summary>Adds a float scalar (rank 0) initializer with a generated name; returns the name.</summary>
    public string Scalar(float value) => AddInitializer(UniqueName("const_f"), [value]);

    /// <summary>Adds an int64 scalar (rank 0) initializer with a generated name; returns the name.</summary>
    public string Scalar(long value) => AddInitializer(UniqueName("const_i"), [value]);

    /// <summary>Adds a 1-D float initializer with a generated name; returns the name.</summary>
    public string Vector(params float[] values) => AddInitializer(UniqueName("const_f"), values, values.Length);

    /// <summary>Adds a 1-D int64 initializer (shapes, axes, indices, pads) with a generated name; returns the name.</summary>
    public string Vector(params long[] values) => AddInitializer(UniqueName("const_i"), values, values.Length);

    /// <summary>
    /// Adds a node of operator <paramref name="opType"/> with one output whose name is generated from the operator
    /// name; returns that output's name. An empty string in <paramref name="inputs"/> marks an omitted optional input.
    /// </summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes) =>
        Node(opType, inputs, 1, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputCount"/> outputs whose names are generated; returns their names.</summary>
    public IReadOnlyList<string> Node(string opType, string[] inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        if (outputCount < 1)
            throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "A node needs at least one output.");
        var stem = opType.ToLowerInvariant();
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++) outputs[i] = UniqueName(stem);
        NodeInto(opType, inputs, outputs, attributes);
        return outputs;
    }

    /// <summary>
    /// Adds a node of operator <paramref name="opType"/> whose outputs take exactly the names <paramref name="outputs"/>,
    /// typically declared graph outputs; returns this builder.
    /// </summary>
    public OnnxGraphBuilder NodeInto(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        if (string.IsNullOrWhiteSpace(opType))
            throw new ArgumentException("A node needs an operator type such as \"Add\".", nameof(opType));
        var nodeName = UniqueNodeName(opType);
        foreach (var input in inputs)
        {
            if (input.Length > 0 && !_values.Contains(input))
                throw new InvalidOperationException(
                    $"Node '{nodeName}' ({opType}) reads '{input}', which no graph input, initializer or earlier node defines. " +
                    "Define every value before the nodes that read it: ONNX graphs are topologically sorted.");
        }
        if (outputs.Length == 0)
            throw new ArgumentException($"Node '{nodeName}' ({opType}) needs at least one output.", nameof(outputs));
        foreach (var output in outputs) Define(output, $"output of node '{nodeName}'");

        var node = new NodeProto { Name = nodeName, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (!seen.Add(attribute.Name))
                throw new ArgumentException($"Node '{nodeName}' ({opType}) has attribute '{attribute.Name}' twice.", nameof(attributes));
            node.Attribute.Add(attribute.Proto.Clone());
        }
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>
    /// A value name not used yet: <paramref name="prefix"/> itself when free, otherwise <paramref name="prefix"/>
    /// followed by <c>_1</c>, <c>_2</c>, ... The name is reserved: later calls never return it again, and it is meant
    /// for the next value, output or initializer the caller defines.
    /// </summary>
    public string UniqueName(string prefix)
    {
        CheckName(prefix);
        var candidate = prefix;
        _nextSuffix.TryGetValue(prefix, out var k);
        while (IsTaken(candidate))
        {
            k++;
            candidate = prefix + "_" + k.ToString(CultureInfo.InvariantCulture);
        }
        _nextSuffix[prefix] = k;
        _reserved.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// The model: IR version, opset import, producer, metadata and a copy of the graph. Throws when a declared graph
    /// output is produced by nothing.
    /// </summary>
    public ModelProto Build()
    {
        foreach (var output in _graph.Output)
        {
            if (!_values.Contains(output.Name))
                throw new InvalidOperationException(
                    $"Graph '{_graph.Name}': output '{output.Name}' is declared but no node, initializer or input produces it; " +
                    "add a node whose output has that name (NodeInto).");
        }
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "",
            DocString = DocString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        model.MetadataProps.AddRange(_metadata.Select(e => e.Clone()));
        return model;
    }

    /// <summary>The serialised model (the bytes of an <c>.onnx</c> file).</summary>
    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>
    /// Writes the model to <paramref name="path"/>, creating its directory: the bytes go to a temporary file beside it
    /// that is then renamed over <paramref name="path"/>, so a reader never sees a half-written model.
    /// </summary>
    public void Save(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("Saving an ONNX model needs a file path.", nameof(path));
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var bytes = ToBytes();
        AtomicFile.Write(full, "ONNX model", temp => File.WriteAllBytes(temp, bytes));
    }

    private bool IsTaken(string name) => _values.Contains(name) || _declaredOutputs.Contains(name) || _reserved.Contains(name);

    private void Define(string name, string what)
    {
        CheckName(name);
        if (!_values.Add(name))
            throw new ArgumentException($"Cannot add {what} '{name}': the name is already used by another value of graph '{_graph.Name}'. Use UniqueName for generated names.", nameof(name));
    }

    private string UniqueNodeName(string opType)
    {
        _nextSuffix.TryGetValue("node:" + opType, out var k);
        string name;
        do
        {
            name = opType + "_" + k.ToString(CultureInfo.InvariantCulture);
            k++;
        }
        while (!_nodeNames.Add(name));
        _nextSuffix["node:" + opType] = k;
        return name;
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("ONNX value names must be non-empty.", nameof(name));
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, OnnxDim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape) tensorShape.Dim.Add(dim.ToProto());
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
