using SamClr.MLNet.Samples.Commands;

namespace SamClr.MLNet.Samples;

internal static class Program
{
    private static readonly Dictionary<string, (Func<CommandLineArguments, int> Run, string Usage)> Commands = new()
    {
        ["demo"] = (DemoCommand.Run, DemoCommand.Usage),
        ["pretrain"] = (PretrainCommand.Run, PretrainCommand.Usage),
        ["scenes"] = (ScenesCommand.Run, ScenesCommand.Usage),
        ["segment"] = (SegmentCommand.Run, SegmentCommand.Usage),
        ["visualize"] = (VisualizeCommand.Run, VisualizeCommand.Usage),
        ["tiny-sam"] = (TinySamCommand.Run, TinySamCommand.Usage),
        ["bench"] = (BenchCommand.Run, BenchCommand.Usage),
        ["export"] = (ExportCommand.Run, ExportCommand.Usage),
        ["reproduce"] = (ReproduceCommand.Run, ReproduceCommand.Usage),
        ["curves"] = (CurvesCommand.Run, CurvesCommand.Usage),
        ["soak"] = (SoakCommand.Run, SoakCommand.Usage),
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            PrintUsage(args.Length == 0 ? null : $"Unknown command '{args[0]}'.");
            return 2;
        }
        try
        {
            return command.Run(new CommandLineArguments(args.Skip(1)));
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine("Stopped. With --checkpoints DIR the run was saved there; continue it with --resume DIR.");
            return 130;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine($"usage: samclr {command.Usage}");
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
    }

    private static void PrintUsage(string? problem)
    {
        if (problem != null) Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: samclr <command> [options]");
        foreach (var (_, (_, usage)) in Commands) Console.Error.WriteLine($"  {usage}");
    }
}
