using System.Globalization;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The value of <c>--temperature</c>: either one number for every contrastive method (SimCLR, SAMCLR, MoCo and their
/// +regions variants), or a list of <c>method=value</c> pairs (<c>simclr=0.07,samclr=0.07,dino=0.1</c>). A pair names a
/// method as in <c>--methods</c>; a base name (<c>moco</c>) also covers its +regions variant unless that has its own pair.
/// DINO's student temperature and SwAV's temperature are only set by name: they are not NT-Xent temperatures.
/// </summary>
internal sealed class MethodTemperatures
{
    /// <summary>The methods a bare number applies to: those with an NT-Xent / InfoNCE temperature.</summary>
    public static readonly string[] Contrastive = { "simclr", "samclr", "moco" };

    private readonly double? _all;
    private readonly Dictionary<string, double> _byMethod;

    private MethodTemperatures(double? all, Dictionary<string, double> byMethod)
    {
        _all = all;
        _byMethod = byMethod;
    }

    /// <summary>No temperature given: every method keeps its default.</summary>
    public static MethodTemperatures None { get; } = new(null, new Dictionary<string, double>());

    /// <summary>Parses <paramref name="text"/> (null: <see cref="None"/>).</summary>
    /// <exception cref="UsageException">A value is not a positive number or a pair is malformed.</exception>
    public static MethodTemperatures Parse(string? text)
    {
        if (text is null) return None;
        if (!text.Contains('=', StringComparison.Ordinal)) return new MethodTemperatures(Positive(text, "--temperature"), new Dictionary<string, double>());
        var byMethod = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new UsageException($"--temperature takes one number or method=value pairs (e.g. simclr=0.07,samclr=0.07); got '{pair}'.");
            string method = pair[..equals].Trim().ToLowerInvariant();
            if (!byMethod.TryAdd(method, Positive(pair[(equals + 1)..].Trim(), $"--temperature {method}")))
                throw new UsageException($"--temperature names '{method}' twice.");
        }
        return new MethodTemperatures(null, byMethod);
    }

    /// <summary>Parses <paramref name="text"/>, or returns null where it is malformed (the option's own check reports that).</summary>
    public static MethodTemperatures? TryParse(string text)
    {
        try
        {
            return Parse(text);
        }
        catch (UsageException)
        {
            return null;
        }
    }

    /// <summary>The temperature given for <paramref name="method"/> (a --methods name such as "moco+regions"), or null.</summary>
    public double? For(string method)
    {
        if (_byMethod.TryGetValue(method, out var exact)) return exact;
        int plus = method.IndexOf('+', StringComparison.Ordinal);
        string name = plus < 0 ? method : method[..plus];
        if (_byMethod.TryGetValue(name, out var byName)) return byName;
        return Contrastive.Contains(name) ? _all : null;
    }

    /// <summary>The names given as pairs that are not in <paramref name="methods"/> (or their base names): a typo, usually.</summary>
    public IEnumerable<string> Unmatched(IEnumerable<string> methods)
    {
        var known = methods.SelectMany(m => new[] { m, m.Split('+')[0] }).ToHashSet(StringComparer.Ordinal);
        return _byMethod.Keys.Where(k => !known.Contains(k));
    }

    /// <summary>The canonical text (what results.json records).</summary>
    public override string ToString() => _all is double all
        ? all.ToString(CultureInfo.InvariantCulture)
        : string.Join(",", _byMethod.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static double Positive(string text, string name)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0) || double.IsInfinity(value))
            throw new UsageException($"{name} must be a positive number; got '{text}'.");
        return value;
    }
}
