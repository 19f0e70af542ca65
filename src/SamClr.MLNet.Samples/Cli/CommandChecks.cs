using System.CommandLine.Parsing;

namespace SamClr.MLNet.Samples.Cli;

/// <summary>
/// Checks of a command's options taken together (options that exclude or need each other), added to the command's
/// validators so that they run while parsing, before the command does any work.
/// </summary>
internal static class CommandChecks
{
    /// <summary>Whether <paramref name="option"/> was given on the command line (not just defaulted).</summary>
    public static bool Given(this CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };

    /// <summary>
    /// The value of <paramref name="option"/> in a command's check: the one given, else its default declared through
    /// <see cref="CliOption"/> (checks run before System.CommandLine fills in defaults).
    /// </summary>
    public static T ValueOf<T>(this CommandResult result, Option<T> option) =>
        result.GetResult(option) is { Implicit: false } given ? CliOption.Converted<T>(given)! : CliOption.DefaultOf(option);

    /// <summary>Refuses <paramref name="a"/> and <paramref name="b"/> together.</summary>
    public static void Exclusive(this Command command, Option a, Option b, string advice) => command.Validators.Add(result =>
    {
        if (result.Given(a) && result.Given(b)) result.AddError($"{a.Name} and {b.Name} cannot be used together: {advice}");
    });

    /// <summary>Refuses <paramref name="option"/> without <paramref name="needed"/>.</summary>
    public static void Requires(this Command command, Option option, Option needed, string advice) => command.Validators.Add(result =>
    {
        if (result.Given(option) && !result.Given(needed)) result.AddError($"{option.Name} needs {needed.Name}: {advice}");
    });

    /// <summary>Adds a check of the whole command: <paramref name="problem"/> returns the error message, or null when the options fit together.</summary>
    public static void Check(this Command command, Func<CommandResult, string?> problem) => command.Validators.Add(result =>
    {
        if (problem(result) is { } message) result.AddError(message);
    });

    /// <summary>
    /// Declares <paramref name="name"/> as an option this command does not take, hidden from --help, so that giving it
    /// says why (<paramref name="reason"/>) instead of only that it is unknown.
    /// </summary>
    public static void Refuse(this Command command, string name, string reason, bool takesValue = true)
    {
        Option option = takesValue ? new Option<string?>(name) { Hidden = true } : new Option<bool>(name) { Hidden = true };
        command.Add(option);
        command.Validators.Add(result =>
        {
            if (result.Given(option)) result.AddError(reason);
        });
    }
}
