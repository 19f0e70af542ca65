using System.Globalization;

namespace SamClr.MLNet.Samples;

/// <summary>Parses "--name value" options and "--flag" switches; every option must be consumed or it is reported.</summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLineArguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"Unexpected argument '{list[i]}': options look like --name value.");
            string name = list[i][2..];
            bool hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[name] = hasValue ? list[++i] : null;
        }
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var v) ? v ?? throw new UsageException($"--{name} needs a value.") : null;
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback) => Parse(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) => Parse(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    public bool Flag(string name)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var v)) return false;
        if (v != null) throw new UsageException($"--{name} is a switch and takes no value (got '{v}').");
        return true;
    }

    /// <summary>Throws when an option was given that the command never asked for (a typo, usually).</summary>
    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
    }

    private T Parse<T>(string name, T fallback, Func<string, T> parse)
    {
        var s = String(name);
        if (s == null) return fallback;
        try { return parse(s); }
        catch (FormatException) { throw new UsageException($"--{name} expects a {typeof(T).Name.ToLowerInvariant()}, got '{s}'."); }
    }
}

/// <summary>A command-line mistake: printed with the usage text, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
