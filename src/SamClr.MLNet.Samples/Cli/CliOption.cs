using System.CommandLine.Parsing;

namespace SamClr.MLNet.Samples.Cli;

/// <summary>
/// Declares the options of the samples' commands: each with its default (shown by --help) and description, and numbers
/// with the range they must lie in, checked while parsing so that a wrong value stops the command before any work.
/// </summary>
internal static class CliOption
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Option, object> Defaults = new();

    /// <summary>
    /// The default of an option declared here with one (what a command's checks see for an option not given: they run
    /// before System.CommandLine fills in defaults).
    /// </summary>
    public static T DefaultOf<T>(Option<T> option) =>
        Defaults.TryGetValue(option, out var value) ? (T)value : throw new ArgumentException($"{option.Name} has no default declared through CliOption.", nameof(option));

    /// <summary>An integer option with a default; values below <paramref name="min"/> are refused.</summary>
    public static Option<int> Int(string name, int defaultValue, string description, int min = int.MinValue) =>
        WithDefault(AtLeast(new Option<int>(name) { Description = description, HelpName = "N" }, min), defaultValue);

    /// <summary>An integer option without a default (null when not given); values below <paramref name="min"/> are refused.</summary>
    public static Option<int?> OptionalInt(string name, string description, int min = int.MinValue)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (Converted<int?>(result) is int value && value < min) result.AddError($"{name} must be at least {min} (got {value}).");
        });
        return option;
    }

    /// <summary>
    /// A number option with a default; values not above <paramref name="above"/> are refused (below it, with
    /// <paramref name="orEqual"/>), as are infinities and NaN.
    /// </summary>
    public static Option<double> Double(string name, double defaultValue, string description, double above = double.NegativeInfinity, bool orEqual = false)
    {
        var option = new Option<double>(name) { Description = description, HelpName = "X" };
        option.Validators.Add(result => { if (Converted<double?>(result) is double value) Above(result, name, value, above, orEqual); });
        return WithDefault(option, defaultValue);
    }

    /// <summary>A number option without a default (null when not given), checked as <see cref="Double"/> checks.</summary>
    public static Option<double?> OptionalDouble(string name, string description, double above = double.NegativeInfinity, bool orEqual = false)
    {
        var option = new Option<double?>(name) { Description = description, HelpName = "X" };
        option.Validators.Add(result =>
        {
            if (Converted<double?>(result) is double value) Above(result, name, value, above, orEqual);
        });
        return option;
    }

    /// <summary>A text option with a default.</summary>
    public static Option<string> Text(string name, string defaultValue, string description) =>
        WithDefault(new Option<string>(name) { Description = description }, defaultValue);

    /// <summary>A text option (a path, usually) without a default: null when not given unless <paramref name="required"/>.</summary>
    public static Option<string?> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    /// <summary>A path option (null when not given unless <paramref name="required"/>) that must name an existing folder.</summary>
    public static Option<string?> ExistingDirectory(string name, string description, bool required = false) =>
        Existing(Named(Text(name, description, required), "DIR"), Directory.Exists, "folder");

    /// <summary>A path option (null when not given unless <paramref name="required"/>) that must name an existing file.</summary>
    public static Option<string?> ExistingFile(string name, string description, bool required = false) =>
        Existing(Named(Text(name, description, required), "FILE"), File.Exists, "file");

    /// <summary>A path option (null when not given) that must name an existing file or folder.</summary>
    public static Option<string?> ExistingPath(string name, string description) =>
        Existing(Named(Text(name, description), "PATH"), path => File.Exists(path) || Directory.Exists(path), "file or folder");

    /// <summary>A path option (null when not given) for a file to write: its folder must exist and the path must not be a folder.</summary>
    public static Option<string?> OutputFile(string name, string description, bool required = false)
    {
        var option = Named(Text(name, description, required), "FILE");
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is not { } path) return;
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (Directory.Exists(path)) result.AddError($"{name} '{path}' is a folder; give the file to write.");
            else if (folder != null && !Directory.Exists(folder)) result.AddError($"{name} '{path}': the folder '{folder}' does not exist; create it first.");
        });
        return option;
    }

    /// <summary>A path option (null when not given unless <paramref name="required"/>) for a folder to write into: it must not be an existing file.</summary>
    public static Option<string?> OutputDirectory(string name, string description, bool required = false)
    {
        var option = Named(Text(name, description, required), "DIR");
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && File.Exists(path)) result.AddError($"{name} '{path}' is a file; give a folder.");
        });
        return option;
    }

    /// <summary>An option that takes one of <paramref name="choices"/> (lower case; the value is compared ignoring case).</summary>
    public static Option<string> Choice(string name, string defaultValue, string description, params string[] choices)
    {
        var option = WithDefault(new Option<string>(name)
        {
            Description = description,
            CustomParser = result => result.Tokens.Count == 0 ? defaultValue : result.Tokens[0].Value.ToLowerInvariant(),
        }, defaultValue);
        option.Validators.Add(result =>
        {
            string value = result.GetValueOrDefault<string>();
            if (!choices.Contains(value)) result.AddError($"{name} must be {Alternatives(choices)} (got '{value}').");
        });
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>A switch: true when given.</summary>
    public static Option<bool> Flag(string name, string description)
    {
        var option = new Option<bool>(name) { Description = description };
        Defaults.AddOrUpdate(option, false);
        return option;
    }

    /// <summary>"a, b or c".</summary>
    public static string Alternatives(IReadOnlyList<string> choices) =>
        choices.Count == 1 ? choices[0] : $"{string.Join(", ", choices.Take(choices.Count - 1))} or {choices[^1]}";

    /// <summary>Gives <paramref name="option"/> its default (shown by --help) and records it for <see cref="DefaultOf"/>.</summary>
    public static Option<T> WithDefault<T>(Option<T> option, T defaultValue)
    {
        option.DefaultValueFactory = _ => defaultValue;
        Defaults.AddOrUpdate(option, defaultValue!);
        return option;
    }

    private static Option<string?> Named(Option<string?> option, string helpName)
    {
        option.HelpName = helpName;
        return option;
    }

    private static Option<string?> Existing(Option<string?> option, Func<string, bool> exists, string kind)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && !exists(path)) result.AddError($"{option.Name}: the {kind} '{path}' does not exist.");
        });
        return option;
    }

    private static Option<int> AtLeast(Option<int> option, int min)
    {
        option.Validators.Add(result =>
        {
            if (Converted<int?>(result) is int value && value < min) result.AddError($"{option.Name} must be at least {min} (got {value}).");
        });
        return option;
    }

    /// <summary>
    /// The value of <paramref name="result"/>, or null when its text does not convert (System.CommandLine then reports
    /// that itself, naming the option).
    /// </summary>
    public static T? Converted<T>(OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static void Above(OptionResult result, string name, double value, double above, bool orEqual)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            result.AddError($"{name} must be a finite number (got {value}).");
        else if (value < above || value == above && !orEqual)
            result.AddError($"{name} must be {(orEqual ? "at least" : "greater than")} {above} (got {value}).");
    }
}
