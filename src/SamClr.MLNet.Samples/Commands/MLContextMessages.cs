using Microsoft.ML.Runtime;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Shows the library's warnings and its progress lines on the command line.</summary>
internal static class MLContextMessages
{
    /// <summary>
    /// Prints the library's warnings on <c>MLContext.Log</c> (a damaged checkpoint passed over, images that fell back to
    /// whole-image views) to standard error, so that nothing it reports goes unseen on the command line, and its progress
    /// in reading a region column (which runs the proposer of images with no stored regions) to standard output.
    /// </summary>
    public static MLContext ShowLibraryMessages(this MLContext ml)
    {
        ml.Log += (_, e) =>
        {
            if (e.Kind is ChannelMessageKind.Warning or ChannelMessageKind.Error) Console.Error.WriteLine($"warning: {e.RawMessage}");
            else if (e.Kind is ChannelMessageKind.Info && RegionReadingLog.IsProgress(e.RawMessage)) ProgressDisplay.WriteLine($"  {e.RawMessage}");
        };
        return ml;
    }
}
