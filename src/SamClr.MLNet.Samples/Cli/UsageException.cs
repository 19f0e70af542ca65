namespace SamClr.MLNet.Samples.Cli;

/// <summary>A command-line mistake found while a command runs (settings that clash with files it finds): printed as an error, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
