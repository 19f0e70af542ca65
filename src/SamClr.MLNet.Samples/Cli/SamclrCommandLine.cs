using System.CommandLine.Parsing;

namespace SamClr.MLNet.Samples.Cli;

/// <summary>
/// Parses and runs a samclr command line. Mistakes in the options (unknown or mistyped options, values of the wrong
/// type or out of range, options that do not go together, paths that do not exist) are reported before any work,
/// naming the command, with exit code 2; failures while the command works exit with 1, a stop by Ctrl+C with 130.
/// </summary>
internal static class SamclrCommandLine
{
    /// <summary>Runs <paramref name="args"/> against <paramref name="root"/> and returns the exit code.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return ReportParseErrors(parsed);
        try
        {
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("Stopped. With --checkpoints DIR the run was saved there; continue it with --resume DIR.");
            return 130;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {CommandPath(parsed.CommandResult)}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            // ML.NET wraps failures of its worker threads: the innermost message is the one that explains.
            var inner = e;
            while (inner.InnerException != null) inner = inner.InnerException;
            Console.Error.WriteLine($"error: {inner.Message}");
            if (Environment.GetEnvironmentVariable("SAMCLR_DEBUG") == "1") Console.Error.WriteLine(e);
            return 1;
        }
        finally
        {
            ProgressDisplay.EndLiveBar();
        }
    }

    private static int ReportParseErrors(ParseResult parsed)
    {
        string command = CommandPath(parsed.CommandResult);
        if (parsed.CommandResult.Command is RootCommand && parsed.Tokens.Count == 0)
            Console.Error.WriteLine("error: samclr needs a command.");
        else
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"error: {command}: {Explain(error)}");
        Console.Error.WriteLine($"Run '{command} --help' for the {(parsed.CommandResult.Command is RootCommand ? "commands" : "options and their defaults")}.");
        return 2;
    }

    /// <summary>The error's message, led by the option it is about when the message does not name it.</summary>
    private static string Explain(ParseError error) =>
        error.SymbolResult is OptionResult { Option: var option } && !error.Message.Contains(option.Name, StringComparison.Ordinal)
            ? $"{option.Name}: {error.Message}"
            : error.Message;

    /// <summary>"samclr pretrain": the names from the root to the command that was parsed.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current != null; current = current.Parent)
            if (current is CommandResult command) names.Insert(0, command.Command is RootCommand ? "samclr" : command.Command.Name);
        return string.Join(' ', names);
    }
}
