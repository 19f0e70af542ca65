namespace SamClr.MLNet.Onnx.Graph;

/// <summary>
/// One dimension of a graph input or output: either a fixed size (<c>dim_value</c>) or a symbolic name
/// (<c>dim_param</c>) that ONNX Runtime binds at run time, such as <c>"num_points"</c>. Integers and strings convert
/// implicitly, so a shape can be written <c>1, "num_points", 2</c>.
/// </summary>
internal readonly record struct OnnxDim
{
    private OnnxDim(long? value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The fixed size, or <see langword="null"/> for a symbolic dimension.</summary>
    public long? Value { get; }

    /// <summary>The symbolic name, or <see langword="null"/> for a fixed dimension.</summary>
    public string? Symbol { get; }

    /// <summary>A dimension of fixed size <paramref name="value"/> (zero or more).</summary>
    public static OnnxDim Fixed(long value)
    {
        if (value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "An ONNX dimension size must be zero or more; use a symbolic name for a size known only at run time.");
        return new OnnxDim(value, null);
    }

    /// <summary>A symbolic dimension named <paramref name="symbol"/>; dimensions sharing a name must be equal at run time.</summary>
    public static OnnxDim Symbolic(string symbol)
    {
        if (string.IsNullOrWhiteSpace(symbol))
            throw new ArgumentException("A symbolic ONNX dimension needs a non-empty name such as \"num_points\".", nameof(symbol));
        return new OnnxDim(null, symbol);
    }

    /// <summary>Converts a fixed size.</summary>
    public static implicit operator OnnxDim(long value) => Fixed(value);

    /// <summary>Converts a fixed size.</summary>
    public static implicit operator OnnxDim(int value) => Fixed(value);

    /// <summary>Converts a symbolic name.</summary>
    public static implicit operator OnnxDim(string symbol) => Symbolic(symbol);

    /// <inheritdoc/>
    public override string ToString() => Symbol ?? Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(unset)";

    internal TensorShapeProto.Types.Dimension ToProto()
    {
        if (Symbol is not null) return new TensorShapeProto.Types.Dimension { DimParam = Symbol };
        if (Value is long value) return new TensorShapeProto.Types.Dimension { DimValue = value };
        throw new InvalidOperationException("An OnnxDim was left unset (default); create it with OnnxDim.Fixed, OnnxDim.Symbolic or an implicit conversion.");
    }
}
